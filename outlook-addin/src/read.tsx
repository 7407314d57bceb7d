import { createRoot } from 'react-dom/client';
import { AddinBootstrap } from './app/AddinBootstrap';
import { connectToOffice, type OfficeHost } from './host/office-host';
import { ReadPane } from './read/ReadPane';
import { useOpenMessage } from './read/use-open-message';

const connect = () => connectToOffice();

function OpenMessagePane({ host, teamsAppId }: { host: OfficeHost; teamsAppId: string | null }) {
  const message = useOpenMessage(host);
  return <ReadPane message={message} teamsAppId={host.kind === 'outlook' ? teamsAppId : null} />;
}

createRoot(document.getElementById('root')!).render(
  <AddinBootstrap title="Attach to OKR" connect={connect} apiBaseUrl={window.location.origin}>
    {({ host, config }) => <OpenMessagePane host={host} teamsAppId={config.teamsAppId} />}
  </AddinBootstrap>,
);
