import { Button, Subtitle2, Body1, makeStyles, tokens } from '@fluentui/react-components';
import { AlertRegular } from '@fluentui/react-icons';
import type { KeyResult } from '@throughline/contracts';
import { Surface } from '@throughline/ui';

const useStyles = makeStyles({
  card: {
    padding: tokens.spacingHorizontalL,
    display: 'grid',
    gap: tokens.spacingVerticalS,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
  },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
});

export type DueForCheckInProps = {
  keyResults: KeyResult[];
  onCheckIn: (keyResult: KeyResult) => void;
};

/** This week's to-do: the key results whose check-in is due, each one click from its dialog. */
export function DueForCheckIn({ keyResults, onCheckIn }: DueForCheckInProps) {
  const styles = useStyles();
  return (
    <Surface as="section" className={styles.card} aria-labelledby="due-for-check-in">
      <div className={styles.heading}>
        <AlertRegular aria-hidden />
        <Subtitle2 as="h2" id="due-for-check-in">
          Due for check-in this week ({keyResults.length})
        </Subtitle2>
      </div>
      <ul className={styles.list}>
        {keyResults.map((keyResult) => (
          <li key={keyResult.id} className={styles.item}>
            <Body1>{keyResult.title}</Body1>
            <Button
              size="small"
              appearance="primary"
              onClick={() => onCheckIn(keyResult)}
              aria-label={`Check in now on ${keyResult.title}`}
            >
              Check in now
            </Button>
          </li>
        ))}
      </ul>
    </Surface>
  );
}
