import { createRoot } from 'react-dom/client';
import { AppShell } from './app/AppShell';
import { Bootstrap } from './app/Bootstrap';
import { connectToHost } from './host/teams-host';

/** The server that served this page also answers /api (the tab lives at {PUBLIC_URL}/tab/). */
const apiBaseUrl = new URL(`${import.meta.env.BASE_URL}../`, window.location.origin).href.replace(
  /\/$/,
  '',
);

const root = createRoot(document.getElementById('root')!);
void connectToHost().then((host) => {
  root.render(
    <Bootstrap host={host} apiBaseUrl={apiBaseUrl}>
      {({ switchPerson }) => <AppShell host={host} onSwitchPerson={switchPerson} />}
    </Bootstrap>,
  );
});
