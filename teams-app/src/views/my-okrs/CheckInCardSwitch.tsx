import { Caption1, Field, Switch, makeStyles, tokens } from '@fluentui/react-components';
import type { MyPreferences } from '@throughline/contracts';
import { ErrorBar, useApi, useResource, useSave } from '@throughline/ui';
import { useState } from 'react';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalXS },
});

/** Nothing to pass: the switch is always the signed-in person's own. */
export type CheckInCardSwitchProps = Record<string, never>;

/** When a snooze ends (Monday 00:00 in the tenant's zone), in the reader's own time. */
const formatUntil = (until: string) =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(until));

/**
 * The person's own switch for the weekly check-in card the Teams bot posts: where they turn
 * it back on after "Stop these cards" on the card. Shows a snooze from the card while it
 * holds. Shows nothing until the preference has loaded.
 */
export function CheckInCardSwitch(_props: CheckInCardSwitchProps) {
  const styles = useStyles();
  const api = useApi();
  const loaded = useResource(() => api.preferences.get(), [api]);
  const [saved, setSaved] = useState<MyPreferences | undefined>(undefined);
  const save = useSave();
  const preferences = saved ?? loaded.data;
  if (!preferences) return null;

  async function change(checkInCards: boolean) {
    const answer = await save.run(() => api.preferences.update({ checkInCards }));
    if (answer) setSaved(answer);
  }

  return (
    <div className={styles.root}>
      <Field hint="On the check-in day, the Teams bot sends you a card with the key results you have not checked in yet.">
        <Switch
          label="Weekly check-in card in Teams"
          checked={preferences.checkInCards}
          disabled={save.isSaving}
          onChange={(_event, data) => void change(data.checked)}
        />
      </Field>
      {preferences.checkInCards && preferences.checkInCardsSnoozedUntil && (
        <Caption1>
          Snoozed from the card until {formatUntil(preferences.checkInCardsSnoozedUntil)}.
        </Caption1>
      )}
      {save.failure !== undefined && (
        <ErrorBar title="Could not change the check-in card" error={save.failure} />
      )}
    </div>
  );
}
