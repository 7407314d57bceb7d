/**
 * The message the read pane is about. Outlook keeps a pinned pane open when the person
 * selects another message and says so with ItemChanged; the pane then follows the new
 * selection, as the reading pane beside it does.
 */
import { useEffect, useState } from 'react';
import type { OfficeHost, OpenMessage } from '../host/office-host';

export function useOpenMessage(host: OfficeHost): OpenMessage | null {
  const [message, setMessage] = useState(() => host.readMessage());
  useEffect(() => {
    setMessage(host.readMessage());
    return host.onItemChanged(() => setMessage(host.readMessage()));
  }, [host]);
  return message;
}
