import { Body1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXL}`,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    maxWidth: '640px',
  },
  icon: { fontSize: '32px', color: tokens.colorBrandForeground1 },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalS,
    flexWrap: 'wrap',
  },
});

export type EmptyStateProps = {
  title: string;
  /** What the person can do next and why it is worth it. */
  children: ReactNode;
  icon?: ReactNode;
  actions?: ReactNode;
};

/** An empty list that teaches: what goes here, and the first step to put something here. */
export function EmptyState({ title, children, icon, actions }: EmptyStateProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label={title}>
      {icon && (
        <span className={styles.icon} aria-hidden>
          {icon}
        </span>
      )}
      <Subtitle2 as="h3">{title}</Subtitle2>
      <Body1>{children}</Body1>
      {actions && <div className={styles.actions}>{actions}</div>}
    </section>
  );
}
