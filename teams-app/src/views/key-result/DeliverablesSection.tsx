import {
  Body1,
  Caption1,
  Dropdown,
  Link,
  Option,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Deliverable } from '@throughline/contracts';
import { ErrorBar, PersonAvatar, useApi, useSession } from '@throughline/ui';
import { useState } from 'react';
import { deliverableStateLabels } from '../my-okrs/ObjectiveCard';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto minmax(112px, 140px)',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  title: { display: 'grid' },
  muted: { color: tokens.colorNeutralForeground3 },
  overdue: { color: tokens.colorPaletteRedForeground1 },
  // Fluent's Dropdown asks for 250px by default; here it shares a narrow column.
  state: { minWidth: 0, width: '100%' },
});

export type DeliverablesSectionProps = {
  deliverables: Deliverable[];
  canEdit: boolean;
  onChanged: (deliverable: Deliverable) => void;
  onEdit: (deliverable: Deliverable) => void;
};

type State = Deliverable['state'];

/** The actions that move the key result, each with an owner, a due date and a state that its owner can change in place. */
export function DeliverablesSection({
  deliverables,
  canEdit,
  onChanged,
  onEdit,
}: DeliverablesSectionProps) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const [failure, setFailure] = useState<{ error: unknown; retry: () => void } | null>(null);
  const today = new Date().toISOString().slice(0, 10);
  const formatDay = (day: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );

  async function changeState(deliverable: Deliverable, state: State) {
    setFailure(null);
    try {
      onChanged(
        await api.deliverables.update(deliverable.id, { version: deliverable.version, state }),
      );
    } catch (error) {
      setFailure({ error, retry: () => void changeState(deliverable, state) });
    }
  }

  return (
    <>
      {failure && (
        <ErrorBar
          title="Could not change the deliverable's state"
          error={failure.error}
          onRetry={failure.retry}
        />
      )}
      <ul className={styles.list}>
        {deliverables.map((deliverable) => {
          const isOverdue =
            deliverable.dueDate !== null &&
            deliverable.dueDate < today &&
            deliverable.state !== 'done';
          return (
            <li key={deliverable.id} className={styles.item} data-testid="deliverable">
              <span className={styles.title}>
                {canEdit ? (
                  <Link as="button" onClick={() => onEdit(deliverable)}>
                    {deliverable.title}
                  </Link>
                ) : (
                  <Body1>{deliverable.title}</Body1>
                )}
                <Caption1 className={isOverdue ? styles.overdue : styles.muted}>
                  {deliverable.dueDate
                    ? `${isOverdue ? 'Overdue since' : 'Due'} ${formatDay(deliverable.dueDate)}`
                    : 'No due date'}
                  {deliverable.dependsOn.length > 0 &&
                    ` · waits on ${deliverable.dependsOn.length} other ${deliverable.dependsOn.length === 1 ? 'item' : 'items'}`}
                </Caption1>
              </span>
              <PersonAvatar personId={deliverable.ownerId} role="Owner" />
              <Dropdown
                className={styles.state}
                aria-label={`State of ${deliverable.title}`}
                value={deliverableStateLabels[deliverable.state]}
                selectedOptions={[deliverable.state]}
                disabled={!canEdit}
                onOptionSelect={(_event, data) =>
                  data.optionValue &&
                  data.optionValue !== deliverable.state &&
                  void changeState(deliverable, data.optionValue as State)
                }
              >
                {(Object.keys(deliverableStateLabels) as State[]).map((state) => (
                  <Option key={state} value={state}>
                    {deliverableStateLabels[state]}
                  </Option>
                ))}
              </Dropdown>
            </li>
          );
        })}
      </ul>
    </>
  );
}
