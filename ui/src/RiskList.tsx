import {
  Badge,
  Body1,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import type { RiskFinding, RiskSeverity, RisksQuery } from '@throughline/contracts';
import { useId } from 'react';
import { ErrorBar } from './ErrorBar';
import { Surface } from './Surface';
import { useApi } from './throughline-context';
import { useResource } from './use-resource';

const useStyles = makeStyles({
  section: { display: 'grid', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  item: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalS },
  badge: { flexShrink: 0 },
});

const severity: Record<RiskSeverity, { label: string; color: BadgeProps['color'] }> = {
  critical: { label: 'Critical', color: 'danger' },
  warning: { label: 'Warning', color: 'warning' },
  info: { label: 'Note', color: 'informative' },
};

const rank: Record<RiskSeverity, number> = { critical: 0, warning: 1, info: 2 };

export type RiskListProps = {
  findings: RiskFinding[];
  'aria-labelledby'?: string;
};

/** Each risk the rules found, most severe first, in the rule's own sentence. */
export function RiskList({ findings, ...aria }: RiskListProps) {
  const styles = useStyles();
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  return (
    <ul className={styles.list} {...aria}>
      {sorted.map((finding) => (
        <li key={finding.id} className={styles.item} data-testid="risk" data-rule={finding.ruleId}>
          <Badge
            className={styles.badge}
            appearance="tint"
            shape="rounded"
            size="small"
            color={severity[finding.severity].color}
          >
            {severity[finding.severity].label}
          </Badge>
          <Body1>{finding.explanation}</Body1>
        </li>
      ))}
    </ul>
  );
}

export type RisksSectionProps = {
  /** Whose risks to ask the server for (the same rules as /api/risks). */
  query: RisksQuery;
  /** Which of those findings belong on this page; all of them when absent. */
  filter?: (finding: RiskFinding) => boolean;
  title?: string;
};

/**
 * A card with the risks the rules find for a page's subject, computed for today on every
 * load. Says nothing when there are none: an empty risk card is noise.
 */
export function RisksSection({ query, filter, title = 'Risks' }: RisksSectionProps) {
  const styles = useStyles();
  const api = useApi();
  const headingId = useId();
  const key = JSON.stringify(query);
  const risks = useResource(() => api.risks(query), [api, key]);
  if (risks.error)
    return <ErrorBar title="Could not load the risks" error={risks.error} onRetry={risks.reload} />;
  if (!risks.data) return <Spinner size="tiny" label="Looking for risks…" />;
  const findings = filter ? risks.data.findings.filter(filter) : risks.data.findings;
  if (findings.length === 0) return null;
  return (
    <Surface as="section" className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {title}
      </Subtitle2>
      <RiskList findings={findings} aria-labelledby={headingId} />
    </Surface>
  );
}
