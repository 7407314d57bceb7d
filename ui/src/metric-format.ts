/** How a key result's numbers read to people: "€120k", "45%", "Done", "3 of 5 milestones". */
import type { Metric, MetricKind } from '@throughline/contracts';

export const metricKindLabels: Record<MetricKind, string> = {
  number: 'Number',
  percent: 'Percentage',
  currency: 'Money',
  boolean: 'Done or not done',
  milestone: 'Milestones',
  stay_above: 'Stay above',
  stay_below: 'Stay below',
};

export function formatMetricValue(metric: Metric, value: number, locale?: string): string {
  switch (metric.kind) {
    case 'boolean':
      return value >= 1 ? 'Done' : 'Not done';
    case 'milestone':
      return `${value} of ${metric.milestones.length} milestones`;
    case 'percent':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
    case 'currency':
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: metric.currency ?? 'USD',
        notation: Math.abs(value) >= 100000 ? 'compact' : 'standard',
        maximumFractionDigits: 2,
      }).format(value);
    default: {
      const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
      return metric.unit ? `${number} ${metric.unit}` : number;
    }
  }
}

/** "45% of 60%", "Stay above 99.9%": the current value against what was promised. */
export function describeMetricTarget(metric: Metric, locale?: string): string {
  const target = formatMetricValue(metric, metric.target, locale);
  if (metric.kind === 'stay_above') return `stay above ${target}`;
  if (metric.kind === 'stay_below') return `stay below ${target}`;
  if (metric.kind === 'boolean') return 'done';
  if (metric.kind === 'milestone') return `${metric.milestones.length} milestones`;
  return target;
}

/** Where a key result stands, in one phrase: "2 customers of 5 customers", "Not done yet", "3 of 5 milestones", "99.2% (stay above 99%)". */
export function describeMetricProgress(metric: Metric, current: number, locale?: string): string {
  if (metric.kind === 'boolean') return current >= 1 ? 'Done' : 'Not done yet';
  if (metric.kind === 'milestone') return formatMetricValue(metric, current, locale);
  if (metric.kind === 'stay_above' || metric.kind === 'stay_below')
    return `${formatMetricValue(metric, current, locale)} (${describeMetricTarget(metric, locale)})`;
  return `${formatMetricValue(metric, current, locale)} of ${describeMetricTarget(metric, locale)}`;
}
