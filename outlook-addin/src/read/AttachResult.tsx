/**
 * After attaching: what was stored (the evidence as the tab will show it), where it went,
 * links that open the key result in Throughline, Detach, and a quick check-in on that key
 * result while the good news is fresh.
 */
import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Evidence, KeyResult, KeyResultDetail } from '@throughline/contracts';
import {
  ErrorBar,
  EvidenceItem,
  LazyCheckInDialog,
  formatMetricValue,
  keyResultDeepLink,
  useApi,
  useSession,
} from '@throughline/ui';
import { teamsKeyResultDeepLink } from '@throughline/ui/src/teams-deep-link';
import { Suspense, useState } from 'react';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalM },
  evidence: { listStyleType: 'none', margin: 0, padding: 0 },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export type AttachResultProps = {
  evidence: Evidence;
  targetTitle: string;
  wasAlreadyAttached: boolean;
  teamsAppId: string | null;
  isDetaching: boolean;
  onDetach: () => void;
  onAttachElsewhere: () => void;
};

export function AttachResult({
  evidence,
  targetTitle,
  wasAlreadyAttached,
  teamsAppId,
  isDetaching,
  onDetach,
  onAttachElsewhere,
}: AttachResultProps) {
  const styles = useStyles();
  const api = useApi();
  const { publicUrl, locale } = useSession();
  const [keyResult, setKeyResult] = useState<KeyResultDetail | null>(null);
  const [isLoadingKeyResult, setIsLoadingKeyResult] = useState(false);
  const [keyResultError, setKeyResultError] = useState<unknown>(undefined);
  const [isCheckInOpen, setIsCheckInOpen] = useState(false);
  const [checkedIn, setCheckedIn] = useState<KeyResult | null>(null);
  const keyResultId = evidence.keyResultId;

  async function openCheckIn() {
    if (!keyResultId) return;
    setKeyResultError(undefined);
    setIsLoadingKeyResult(true);
    try {
      const detail = await api.keyResults.get(keyResultId);
      setKeyResult(detail);
      if (detail.canCheckIn) setIsCheckInOpen(true);
    } catch (error) {
      setKeyResultError(error);
    } finally {
      setIsLoadingKeyResult(false);
    }
  }

  return (
    <section className={styles.root} aria-label="Attached">
      <MessageBar intent={wasAlreadyAttached ? 'info' : 'success'} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{wasAlreadyAttached ? 'Already attached' : 'Attached'}</MessageBarTitle>
          {wasAlreadyAttached
            ? `This email was already evidence for “${targetTitle}”. Nothing new was added.`
            : `This email is now evidence for “${targetTitle}”.`}
        </MessageBarBody>
      </MessageBar>
      <ul className={styles.evidence}>
        <EvidenceItem evidence={evidence} />
      </ul>
      {keyResultId && (
        <div className={styles.links}>
          <Link
            href={keyResultDeepLink(publicUrl, keyResultId)}
            target="_blank"
            rel="noopener noreferrer"
          >
            Open the key result in Throughline
          </Link>
          {teamsAppId && (
            <Link
              href={teamsKeyResultDeepLink(teamsAppId, keyResultId)}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in Teams
            </Link>
          )}
        </div>
      )}
      {checkedIn && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            Checked in: “{checkedIn.title}” is now at{' '}
            {formatMetricValue(
              checkedIn.metric,
              checkedIn.lastCheckIn?.value ?? checkedIn.metric.current,
              locale,
            )}
            .
          </MessageBarBody>
        </MessageBar>
      )}
      {keyResult && !keyResult.canCheckIn && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            Only the key result's owners and updaters check in on it; the evidence is there for them
            to see.
          </MessageBarBody>
        </MessageBar>
      )}
      {keyResultError !== undefined && (
        <ErrorBar
          title="Could not open the check-in"
          error={keyResultError}
          onRetry={openCheckIn}
        />
      )}
      <div className={styles.actions}>
        {keyResultId && !checkedIn && (
          <Button
            appearance="primary"
            onClick={openCheckIn}
            disabled={isLoadingKeyResult}
            icon={isLoadingKeyResult ? <Spinner size="tiny" /> : undefined}
          >
            Check in on this key result
          </Button>
        )}
        <Button onClick={onAttachElsewhere}>Attach to something else</Button>
        <Button
          appearance="subtle"
          onClick={onDetach}
          disabled={isDetaching}
          icon={isDetaching ? <Spinner size="tiny" /> : undefined}
        >
          Detach
        </Button>
      </div>
      {keyResult && isCheckInOpen && (
        <Suspense fallback={<Spinner size="tiny" label="Opening the check-in…" />}>
          <LazyCheckInDialog
            keyResult={keyResult}
            isOpen={isCheckInOpen}
            onDismiss={() => setIsCheckInOpen(false)}
            onCheckedIn={(saved) => {
              setCheckedIn(saved);
              setIsCheckInOpen(false);
            }}
          />
        </Suspense>
      )}
    </section>
  );
}
