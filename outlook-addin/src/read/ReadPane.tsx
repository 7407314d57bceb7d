/**
 * The read-mode pane ("Attach to OKR"): the email being read, where it is already
 * attached, a picker of key results and deliverables, an optional note, Attach — then
 * the stored evidence, links into Throughline, Detach and a quick check-in.
 */
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { EvidenceLocation, EvidenceVisibility } from '@throughline/contracts';
import {
  CardListSkeleton,
  EmptyState,
  ErrorBar,
  EvidenceDetailsFields,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { EvidenceTargetPicker } from '@throughline/ui/src/EvidenceTargetPicker';
import {
  loadEvidenceTargets,
  targetKey,
  type EvidenceTargetOption,
} from '@throughline/ui/src/evidence-targets';
import { readRecentTargets, rememberRecentTarget } from '@throughline/ui/src/recent-targets';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { OpenMessage } from '../host/office-host';
import { AttachedLocations } from './AttachedLocations';
import { AttachResult } from './AttachResult';
import { describeAttachFailure } from './attach-failure';
import { MessageSummary } from './MessageSummary';
import { useAttachEmail } from './use-attach-email';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  section: { display: 'grid', gap: tokens.spacingVerticalS },
  form: { display: 'grid', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export type ReadPaneProps = {
  /** The email open in Outlook; null outside Outlook. */
  message: OpenMessage | null;
  /** The app's Teams id, when Teams links make sense (inside Outlook, with the app installed). */
  teamsAppId: string | null;
};

export function ReadPane({ message, teamsAppId }: ReadPaneProps) {
  if (!message) {
    return (
      <EmptyState title="Open an email in Outlook">
        This pane attaches the email you are reading to a key result or deliverable. In Outlook,
        open the email that proves progress and choose Attach to OKR on the ribbon.
      </EmptyState>
    );
  }
  // Another message is another attachment: nothing chosen or typed for the last one carries over.
  return <AttachEmailPanel key={message.itemId} message={message} teamsAppId={teamsAppId} />;
}

function AttachEmailPanel({
  message,
  teamsAppId,
}: {
  message: OpenMessage;
  teamsAppId: string | null;
}) {
  const styles = useStyles();
  const api = useApi();
  const { me } = useSession();
  const ids = useId();
  const targets = useResource(() => loadEvidenceTargets(api, me), [api, me]);
  const locations = useResource(
    () =>
      api.evidence
        .byMessage({
          messageId: message.restId,
          internetMessageId: message.internetMessageId ?? undefined,
        })
        .then((page) => page.items),
    [api, message.restId, message.internetMessageId],
  );
  const [selected, setSelected] = useState<EvidenceTargetOption | null>(null);
  const [note, setNote] = useState('');
  const [visibility, setVisibility] = useState<EvidenceVisibility>('key_result');
  const [recentKeys, setRecentKeys] = useState(() => readRecentTargets());
  const [pickerMessage, setPickerMessage] = useState<string | undefined>(undefined);
  const [detachingIds, setDetachingIds] = useState<ReadonlySet<string>>(new Set());
  const [detachFailure, setDetachFailure] = useState<{
    error: unknown;
    location: EvidenceLocation;
  } | null>(null);
  const [detachedTitle, setDetachedTitle] = useState<string | null>(null);
  const { state, attach, reset } = useAttachEmail();

  const current = useMemo(
    () => (locations.data ?? []).filter((location) => !location.removedAt),
    [locations.data],
  );
  const attachedKeys = useMemo(
    () => new Set(current.map((location) => targetKey(location.target))),
    [current],
  );
  const isAttaching = state.phase === 'attaching';

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!selected) {
      setPickerMessage('Choose the key result or deliverable this email proves.');
      return;
    }
    setPickerMessage(undefined);
    setDetachedTitle(null);
    const evidence = await attach(
      {
        target: { kind: selected.kind, id: selected.id },
        messageId: message.restId,
        note: note.trim(),
        visibility,
      },
      new Set(current.map((location) => location.id)),
    );
    if (!evidence) return;
    setRecentKeys(rememberRecentTarget(targetKey(selected)));
    const location: EvidenceLocation = {
      ...evidence,
      targetTitle: selected.title,
      keyResultTitle: selected.kind === 'deliverable' ? null : selected.title,
    };
    locations.setData((items = []) =>
      items.some((item) => item.id === evidence.id) ? items : [location, ...items],
    );
  }

  async function detach(location: EvidenceLocation) {
    setDetachFailure(null);
    setDetachingIds((ids) => new Set([...ids, location.id]));
    try {
      await api.evidence.remove(location.id);
      locations.setData((items = []) => items.filter((item) => item.id !== location.id));
      setDetachedTitle(location.targetTitle);
      if (state.phase === 'attached' && state.evidence.id === location.id) reset();
    } catch (error) {
      setDetachFailure({ error, location });
    } finally {
      setDetachingIds((ids) => new Set([...ids].filter((id) => id !== location.id)));
    }
  }

  const failure = state.phase === 'failed' ? describeAttachFailure(state.error) : null;
  const attachedTarget =
    state.phase === 'attached'
      ? current.find((location) => location.id === state.evidence.id)
      : undefined;

  return (
    <div className={styles.root}>
      <MessageSummary message={message} />

      {locations.error !== undefined && (
        <ErrorBar
          title="Could not check where this email is attached"
          error={locations.error}
          onRetry={locations.reload}
        />
      )}
      {current.length > 0 && (
        <section className={styles.section} aria-labelledby={`${ids}-attached`}>
          <Subtitle2 as="h2" id={`${ids}-attached`}>
            Already attached to
          </Subtitle2>
          <AttachedLocations
            locations={current}
            detachingIds={detachingIds}
            onDetach={detach}
            teamsAppId={teamsAppId}
            aria-labelledby={`${ids}-attached`}
          />
        </section>
      )}
      {detachFailure && (
        <ErrorBar
          title={`Could not detach from “${detachFailure.location.targetTitle}”`}
          error={detachFailure.error}
          onRetry={() => void detach(detachFailure.location)}
        />
      )}
      {detachedTitle && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            Detached from “{detachedTitle}”. The email itself is unchanged.
          </MessageBarBody>
        </MessageBar>
      )}

      {state.phase === 'attached' ? (
        <AttachResult
          evidence={state.evidence}
          targetTitle={attachedTarget?.targetTitle ?? selected?.title ?? 'the key result'}
          wasAlreadyAttached={state.wasAlreadyAttached}
          teamsAppId={teamsAppId}
          isDetaching={detachingIds.has(state.evidence.id)}
          onDetach={() =>
            void detach(
              attachedTarget ?? {
                ...state.evidence,
                targetTitle: selected?.title ?? '',
                keyResultTitle: null,
              },
            )
          }
          onAttachElsewhere={() => {
            reset();
            setSelected(null);
            setNote('');
          }}
        />
      ) : (
        <section className={styles.section} aria-labelledby={`${ids}-attach`}>
          <Subtitle2 as="h2" id={`${ids}-attach`}>
            Attach as evidence
          </Subtitle2>
          {targets.error !== undefined && (
            <ErrorBar
              title="Could not load your key results"
              error={targets.error}
              onRetry={targets.reload}
            />
          )}
          {targets.isLoading && (
            <CardListSkeleton cards={2} rowsPerCard={2} label="Loading your key results…" />
          )}
          {targets.data && (
            <form className={styles.form} onSubmit={submit} noValidate>
              <EvidenceTargetPicker
                label="Key result or deliverable"
                options={targets.data.options}
                recentKeys={recentKeys}
                value={selected ? targetKey(selected) : null}
                onChange={(option) => {
                  setSelected(option);
                  setPickerMessage(undefined);
                }}
                attachedKeys={attachedKeys}
                isDisabled={isAttaching}
                validationMessage={pickerMessage}
              />
              <EvidenceDetailsFields
                note={note}
                onNoteChange={setNote}
                visibility={visibility}
                onVisibilityChange={setVisibility}
                disabled={isAttaching}
                placeholder="e.g. The customer signed for 240 seats"
              />
              {failure && (
                <MessageBar intent="error" layout="multiline" role="alert">
                  <MessageBarBody>
                    <MessageBarTitle>{failure.title}</MessageBarTitle>
                    {failure.message}
                  </MessageBarBody>
                  {failure.canRetry && (
                    <MessageBarActions>
                      <Button onClick={() => void submit()}>Try again</Button>
                    </MessageBarActions>
                  )}
                </MessageBar>
              )}
              <div className={styles.actions}>
                <Button
                  type="submit"
                  appearance="primary"
                  disabled={isAttaching}
                  icon={isAttaching ? <Spinner size="tiny" /> : undefined}
                >
                  {isAttaching ? 'Attaching…' : 'Attach'}
                </Button>
              </div>
            </form>
          )}
        </section>
      )}
    </div>
  );
}
