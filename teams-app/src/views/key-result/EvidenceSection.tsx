import { Spinner } from '@fluentui/react-components';
import { MailRegular } from '@fluentui/react-icons';
import { ApiError } from '@throughline/contracts';
import { EmptyState, ErrorBar, EvidenceList, useApi, useResource } from '@throughline/ui';
import { hrefFor } from '../../app/router';

export type EvidenceSectionProps = {
  keyResultId: string;
  headingId: string;
  /** The key result's deliverables, whose evidence is listed here too. */
  deliverables?: readonly { id: string; title: string }[];
  /** Changes when evidence was attached here, so the list loads again. */
  refreshKey?: number;
};

export function EvidenceSection({
  keyResultId,
  headingId,
  deliverables,
  refreshKey,
}: EvidenceSectionProps) {
  const api = useApi();
  const evidence = useResource(
    () => api.evidence.list({ keyResultId, includeRemoved: 'false' }),
    [api, keyResultId, refreshKey],
  );
  if (
    evidence.error instanceof ApiError &&
    evidence.error.status === 404 &&
    evidence.error.code === 'route_not_found'
  ) {
    return (
      <EmptyState title="Evidence is not available on this server yet">
        This Throughline server does not serve evidence yet. Once it does, the emails and documents
        attached to this key result appear here.
      </EmptyState>
    );
  }
  if (evidence.error)
    return (
      <ErrorBar
        title="Could not load the evidence"
        error={evidence.error}
        onRetry={evidence.reload}
      />
    );
  if (!evidence.data) return <Spinner size="small" label="Loading evidence…" />;
  if (evidence.data.items.length === 0) {
    return (
      <EmptyState title="No evidence yet" icon={<MailRegular />}>
        Evidence is what proves progress: the email where the customer signed, the report that shows
        the numbers. In Outlook, open the email and choose Throughline › Attach to key result;
        documents and links are attached here with Attach.
      </EmptyState>
    );
  }
  return (
    <EvidenceList
      evidence={evidence.data.items}
      aria-labelledby={headingId}
      deliverableTitles={new Map((deliverables ?? []).map((item) => [item.id, item.title]))}
      snapshotHref={(item) => hrefFor({ name: 'evidence', id: item.id })}
    />
  );
}
