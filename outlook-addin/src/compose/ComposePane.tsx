/**
 * The compose-mode pane ("Insert OKR status"): choose an objective and then the whole
 * objective or one of its key results, see its status as it will read in the email, insert
 * it at the cursor. Outside Outlook the preview works and the text can be copied, since
 * there is no message to insert into.
 *
 * What is inserted is always the server's latest read (the objective when it is chosen,
 * the key result when it is chosen), because status and pace are computed for the moment
 * of each read; a previous read is never shown while the next one is on its way.
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  CardListSkeleton,
  ErrorBar,
  usePerson,
  useApi,
  useResource,
  useSession,
} from '@throughline/ui';
import { useMemo, useState } from 'react';
import { keyResultStatus, lastCheckInOf, objectiveStatus } from './okr-status';
import { loadStatusObjectives } from './status-objectives';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL },
  preview: {
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    overflowX: 'auto',
    fontSize: tokens.fontSizeBase200,
    '& a': { color: tokens.colorBrandForegroundLink },
    '& th, & td': { borderBottomColor: `${tokens.colorNeutralStroke2} !important` },
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export type ComposePaneProps = {
  /** Puts the status into the message being written; null outside Outlook. */
  insertIntoBody: ((content: { html: string; text: string }) => Promise<'cursor' | 'top'>) | null;
};

export function ComposePane({ insertIntoBody }: ComposePaneProps) {
  const styles = useStyles();
  const api = useApi();
  const { me, locale, publicUrl } = useSession();
  const objectives = useResource(() => loadStatusObjectives(api, me), [api, me]);
  const [objectiveId, setObjectiveId] = useState<string | null>(null);
  // null: the whole objective.
  const [keyResultId, setKeyResultId] = useState<string | null>(null);
  const detail = useResource(
    () => (objectiveId ? api.objectives.get(objectiveId) : Promise.resolve(null)),
    [api, objectiveId],
  );
  const keyResultRead = useResource(
    () => (keyResultId ? api.keyResults.get(keyResultId) : Promise.resolve(null)),
    [api, keyResultId],
  );
  const objective =
    !detail.isLoading && detail.data && detail.data.id === objectiveId ? detail.data : null;
  const keyResult =
    !keyResultRead.isLoading && keyResultRead.data && keyResultRead.data.id === keyResultId
      ? keyResultRead.data
      : null;
  const lastAuthorId = keyResultId
    ? keyResult?.lastCheckIn?.authorId
    : objective
      ? lastCheckInOf(objective)?.checkIn.authorId
      : undefined;
  const lastAuthor = usePerson(lastAuthorId);
  // Until the author's name is known the text would say who checked in without a name, and
  // a quick click would put that into the message: the status waits for the lookup.
  const isAuthorLoading = lastAuthorId !== undefined && lastAuthor === undefined;
  const status = useMemo(() => {
    if (isAuthorLoading) return null;
    const options = {
      locale,
      publicUrl,
      nameOf: (id: string) => (id === lastAuthorId ? lastAuthor?.displayName : undefined),
    };
    if (keyResultId) {
      return keyResult ? keyResultStatus(keyResult, keyResult.objective.title, options) : null;
    }
    return objective ? objectiveStatus(objective, options) : null;
  }, [
    keyResultId,
    keyResult,
    objective,
    locale,
    publicUrl,
    lastAuthorId,
    lastAuthor,
    isAuthorLoading,
  ]);
  const [isInserting, setIsInserting] = useState(false);
  const [outcome, setOutcome] = useState<
    | { kind: 'inserted'; where: 'cursor' | 'top' }
    | { kind: 'copied' }
    | { kind: 'failed'; error: unknown }
    | null
  >(null);

  const choices = objectives.data?.choices ?? [];

  async function insert() {
    if (!status || !insertIntoBody) return;
    setIsInserting(true);
    setOutcome(null);
    try {
      setOutcome({ kind: 'inserted', where: await insertIntoBody(status) });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setIsInserting(false);
    }
  }

  async function copy() {
    if (!status) return;
    try {
      await navigator.clipboard.writeText(status.text);
      setOutcome({ kind: 'copied' });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    }
  }

  return (
    <div className={styles.root}>
      {objectives.error !== undefined && (
        <ErrorBar
          title="Could not load your objectives"
          error={objectives.error}
          onRetry={objectives.reload}
        />
      )}
      {objectives.isLoading && (
        <CardListSkeleton cards={1} rowsPerCard={2} label="Loading your objectives…" />
      )}
      {objectives.data && (
        <Field
          label={`Objective${objectives.data.cycleName ? ` (${objectives.data.cycleName})` : ''}`}
          hint={
            choices.length === 0
              ? 'You and your team have no objectives in the current cycle yet.'
              : undefined
          }
        >
          {/* A native select: it opens as the platform's own list, which reads well in a narrow pane. */}
          <Select
            value={objectiveId ?? ''}
            onChange={(_event, data) => {
              setObjectiveId(data.value || null);
              setKeyResultId(null);
              setOutcome(null);
            }}
            disabled={choices.length === 0}
          >
            <option value="">Choose an objective</option>
            {(['mine', 'team'] as const).map((group) => {
              const inGroup = choices.filter((choice) => choice.group === group);
              return inGroup.length === 0 ? null : (
                <optgroup
                  key={group}
                  label={group === 'mine' ? 'My objectives' : "My team's objectives"}
                >
                  {inGroup.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.title}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </Select>
        </Field>
      )}
      {objectiveId && detail.error !== undefined && (
        <ErrorBar
          title="Could not load the objective"
          error={detail.error}
          onRetry={detail.reload}
        />
      )}
      {objectiveId &&
        (!objective || (!keyResultId && isAuthorLoading)) &&
        detail.error === undefined && (
          <Spinner size="small" label="Loading the objective's status…" />
        )}
      {objective && objective.keyResults.length > 0 && (
        <Field label="What to insert">
          {/* A second native select rather than key results indented under each objective:
              optgroups do not nest (mine/my team's already uses them), leading spaces
              collapse in the platform's list and dashes are read out by screen readers.
              This way each list stays short and each option is just a title. */}
          <Select
            value={keyResultId ?? ''}
            onChange={(_event, data) => {
              setKeyResultId(data.value || null);
              setOutcome(null);
            }}
          >
            <option value="">The whole objective</option>
            <optgroup label="One key result">
              {objective.keyResults.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.title}
                </option>
              ))}
            </optgroup>
          </Select>
        </Field>
      )}
      {keyResultId && keyResultRead.error !== undefined && (
        <ErrorBar
          title="Could not load the key result"
          error={keyResultRead.error}
          onRetry={keyResultRead.reload}
        />
      )}
      {keyResultId && (!keyResult || isAuthorLoading) && keyResultRead.error === undefined && (
        <Spinner size="small" label="Loading the key result's status…" />
      )}
      {status && (
        <>
          <section
            aria-label="Preview of the status"
            className={styles.preview}
            data-testid="status-preview"
            dangerouslySetInnerHTML={{ __html: status.html }}
          />
          {outcome?.kind === 'inserted' && (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>
                {outcome.where === 'cursor'
                  ? 'Inserted at the cursor.'
                  : 'Inserted at the top of your message.'}
              </MessageBarBody>
            </MessageBar>
          )}
          {outcome?.kind === 'copied' && (
            <MessageBar intent="success" layout="multiline">
              <MessageBarBody>Copied as text.</MessageBarBody>
            </MessageBar>
          )}
          {outcome?.kind === 'failed' && (
            <MessageBar intent="error" layout="multiline" role="alert">
              <MessageBarBody>
                <MessageBarTitle>Not inserted</MessageBarTitle>
                {outcome.error instanceof Error
                  ? outcome.error.message
                  : 'Outlook did not accept the text.'}{' '}
                Your message is unchanged.
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            {insertIntoBody ? (
              <Button
                appearance="primary"
                onClick={insert}
                disabled={isInserting}
                icon={isInserting ? <Spinner size="tiny" /> : undefined}
              >
                {isInserting ? 'Inserting…' : 'Insert into message'}
              </Button>
            ) : (
              <Button appearance="primary" onClick={copy}>
                Copy as text
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
