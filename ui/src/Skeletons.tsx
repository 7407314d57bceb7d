import { Skeleton, SkeletonItem, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: '24px 1fr 120px',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  list: { display: 'grid', gap: tokens.spacingVerticalL },
  title: { width: '60%' },
});

export type CardListSkeletonProps = { cards?: number; rowsPerCard?: number; label: string };

/** Placeholder cards shaped like what is loading, so the page does not jump when it arrives. */
export function CardListSkeleton({ cards = 2, rowsPerCard = 3, label }: CardListSkeletonProps) {
  const styles = useStyles();
  return (
    <div className={styles.list} role="status" aria-label={label} aria-busy="true">
      {Array.from({ length: cards }, (_, card) => (
        <Skeleton key={card} className={styles.card} aria-hidden>
          <SkeletonItem size={24} className={styles.title} />
          {Array.from({ length: rowsPerCard }, (_, row) => (
            <div key={row} className={styles.row}>
              <SkeletonItem shape="circle" size={24} />
              <SkeletonItem size={16} />
              <SkeletonItem size={12} />
            </div>
          ))}
        </Skeleton>
      ))}
    </div>
  );
}
