import { createRoot } from 'react-dom/client';
import { AddinBootstrap } from './app/AddinBootstrap';
import { connectToOffice } from './host/office-host';
import { ReadPane } from './read/ReadPane';

const connect = () => connectToOffice();

createRoot(document.getElementById('root')!).render(
  <AddinBootstrap title="Attach to OKR" connect={connect} apiBaseUrl={window.location.origin}>
    {({ host, config }) => (
      <ReadPane
        message={host.readMessage()}
        teamsAppId={host.kind === 'outlook' ? config.teamsAppId : null}
      />
    )}
  </AddinBootstrap>,
);
