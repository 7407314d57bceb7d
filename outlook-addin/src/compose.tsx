import { createRoot } from 'react-dom/client';
import { AddinBootstrap } from './app/AddinBootstrap';
import { ComposePane } from './compose/ComposePane';
import { connectToOffice } from './host/office-host';

const connect = () => connectToOffice();

createRoot(document.getElementById('root')!).render(
  <AddinBootstrap title="Insert OKR status" connect={connect} apiBaseUrl={window.location.origin}>
    {({ host }) => (
      <ComposePane
        insertIntoBody={
          host.itemMode === 'compose' ? (content) => host.insertIntoBody(content) : null
        }
      />
    )}
  </AddinBootstrap>,
);
