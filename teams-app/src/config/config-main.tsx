import { createRoot } from 'react-dom/client';
import { Bootstrap } from '../app/Bootstrap';
import { connectToHost } from '../host/teams-host';
import { ConfigPage } from './ConfigPage';

const apiBaseUrl = new URL(`${import.meta.env.BASE_URL}../`, window.location.origin).href.replace(
  /\/$/,
  '',
);

const root = createRoot(document.getElementById('root')!);
void connectToHost().then((host) => {
  root.render(
    <Bootstrap host={host} apiBaseUrl={apiBaseUrl}>
      {() => <ConfigPage host={host} />}
    </Bootstrap>,
  );
});
