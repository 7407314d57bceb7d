import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { PeopleTeamRegular } from '@fluentui/react-icons';
import { EmptyState } from '@throughline/ui';

const useStyles = makeStyles({ root: { display: 'grid', gap: tokens.spacingVerticalL } });

export type OneOnOnesViewProps = Record<string, never>;

/** 1-on-1 prep cards are a separate piece of work; until it lands this says so plainly. */
export function OneOnOnesView(_props: OneOnOnesViewProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Title2 as="h1">1-on-1s</Title2>
      <EmptyState title="1-on-1 prep cards arrive with the next release" icon={<PeopleTeamRegular />}>
        Before each 1-on-1 with your manager or a report, Throughline will prepare a card with their key results, what changed since you last met, risks, new evidence and open action items. Until then, open a key result from My OKRs or the Team view to see its check-ins and timeline.
      </EmptyState>
    </div>
  );
}
