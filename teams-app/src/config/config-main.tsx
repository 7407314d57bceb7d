import { createRoot } from 'react-dom/client';
import { Bootstrap, UNREACHABLE } from '../app/Bootstrap';
import { loadClientConfig } from '@throughline/ui/src/session/client-config';
import { connectToHost } from '../host/teams-host';
import { ConfigPage } from './ConfigPage';

const apiBaseUrl = new URL(`${import.meta.env.BASE_URL}../`, window.location.origin).href.replace(
  /\/$/,
  '',
);

const root = createRoot(document.getElementById('root')!);
// Asked for once, before Teams is answered: it names any host besides Microsoft's (the local
// workbench) that teams-js must accept, and signing in needs it next.
const clientConfig = loadClientConfig(apiBaseUrl, new AbortController().signal, UNREACHABLE);
void connectToHost({ hostOrigins: () => clientConfig.then((config) => config.hostOrigins) }).then(
  (host) => {
    root.render(
      <Bootstrap host={host} apiBaseUrl={apiBaseUrl} clientConfig={clientConfig}>
        {() => <ConfigPage host={host} />}
      </Bootstrap>,
    );
  },
);
