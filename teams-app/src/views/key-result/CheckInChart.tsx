/**
 * Check-ins over time against the ideal pace: a straight line from the start value on
 * the first day of the cycle to the target on the last. Above the line (or below it, for
 * a decreasing metric) is ahead of pace. Hand-drawn SVG: a whole chart library would
 * weigh more than the rest of the detail view.
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import type { CheckIn, Cycle, Metric } from '@throughline/contracts';
import { formatMetricValue, useSession } from '@throughline/ui';
import { useId } from 'react';

const useStyles = makeStyles({
  figure: { margin: 0 },
  svg: { width: '100%', height: 'auto', display: 'block', overflow: 'visible' },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: 1 },
  axisText: {
    fill: tokens.colorNeutralForeground3,
    fontSize: '11px',
    fontFamily: tokens.fontFamilyBase,
  },
  pace: {
    stroke: tokens.colorNeutralForeground3,
    strokeWidth: 2,
    strokeDasharray: '6 4',
    fill: 'none',
  },
  actual: { stroke: tokens.colorBrandForeground1, strokeWidth: 2.5, fill: 'none' },
  point: {
    fill: tokens.colorNeutralBackground1,
    stroke: tokens.colorBrandForeground1,
    strokeWidth: 2.5,
  },
  today: { stroke: tokens.colorPaletteRedBorder2, strokeWidth: 1, strokeDasharray: '2 3' },
  legend: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    marginTop: tokens.spacingVerticalXS,
  },
  swatchActual: {
    display: 'inline-block',
    width: '16px',
    height: '3px',
    backgroundColor: tokens.colorBrandForeground1,
    verticalAlign: 'middle',
    marginRight: tokens.spacingHorizontalXS,
  },
  swatchPace: {
    display: 'inline-block',
    width: '16px',
    height: '0',
    borderTop: `2px dashed ${tokens.colorNeutralForeground3}`,
    verticalAlign: 'middle',
    marginRight: tokens.spacingHorizontalXS,
  },
});

export type CheckInChartProps = {
  metric: Metric;
  cycle: Pick<Cycle, 'startsOn' | 'endsOn'>;
  checkIns: Pick<CheckIn, 'id' | 'at' | 'value'>[];
  title: string;
  now?: Date;
};

const width = 640;
const height = 240;
const margin = { top: 12, right: 16, bottom: 28, left: 72 };

export function CheckInChart({
  metric,
  cycle,
  checkIns,
  title,
  now = new Date(),
}: CheckInChartProps) {
  const styles = useStyles();
  const { locale } = useSession();
  const titleId = useId();
  const descId = useId();
  const startTime = Date.parse(`${cycle.startsOn}T00:00:00Z`);
  const endTime = Date.parse(`${cycle.endsOn}T23:59:59Z`);
  const points = [...checkIns]
    .map((checkIn) => ({ id: checkIn.id, time: Date.parse(checkIn.at), value: checkIn.value }))
    .sort((a, b) => a.time - b.time);
  const target = metric.kind === 'milestone' ? metric.milestones.length : metric.target;
  const start = metric.kind === 'milestone' || metric.kind === 'boolean' ? 0 : metric.start;
  const isFlatTarget = metric.kind === 'stay_above' || metric.kind === 'stay_below';

  const times = [startTime, endTime, ...points.map((point) => point.time)];
  const minTime = Math.min(...times);
  const maxTime = Math.max(...times);
  const values = [start, target, ...points.map((point) => point.value)];
  let minValue = Math.min(...values);
  let maxValue = Math.max(...values);
  if (minValue === maxValue) {
    minValue -= 1;
    maxValue += 1;
  }
  // Round the axis out to whole steps (1, 2 or 5 × 10ⁿ), so ticks read "0, 2, 4, 6".
  const isCounted = metric.kind === 'boolean' || metric.kind === 'milestone';
  const step = isCounted
    ? Math.max(1, niceStep((maxValue - minValue) / 4))
    : niceStep((maxValue - minValue) / 4);
  minValue = Math.floor(minValue / step) * step;
  maxValue = Math.ceil(maxValue / step) * step;
  if (maxValue === minValue) maxValue += step;

  const x = (time: number) =>
    margin.left +
    ((time - minTime) / (maxTime - minTime || 1)) * (width - margin.left - margin.right);
  const y = (value: number) =>
    margin.top +
    (1 - (value - minValue) / (maxValue - minValue)) * (height - margin.top - margin.bottom);
  const format = (value: number) =>
    formatMetricValue(metric, Math.round(value * 100) / 100, locale);
  const formatDay = (time: number) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(time),
    );

  const paceFrom = { x: x(startTime), y: y(isFlatTarget ? target : start) };
  const paceTo = { x: x(endTime), y: y(target) };
  // The actual line starts where the key result started, so a first check-in shows movement.
  const actualPath = [{ time: startTime, value: start }, ...points]
    .map(
      (point, index) =>
        `${index === 0 ? 'M' : 'L'}${x(point.time).toFixed(1)},${y(point.value).toFixed(1)}`,
    )
    .join(' ');
  const yTicks = Array.from(
    { length: Math.round((maxValue - minValue) / step) + 1 },
    (_, index) => minValue + index * step,
  );
  const xTicks = [0, 0.5, 1].map((share) => minTime + share * (maxTime - minTime));
  const nowTime = now.getTime();
  const latest = points[points.length - 1];
  const description = latest
    ? `${points.length} check-in${points.length === 1 ? '' : 's'}; latest ${format(latest.value)} on ${formatDay(latest.time)}; target ${format(target)} by ${formatDay(endTime)}.`
    : `No check-ins yet; the ideal pace runs from ${format(start)} to ${format(target)} by ${formatDay(endTime)}.`;

  return (
    <figure className={styles.figure}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-testid="check-in-chart"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {yTicks.map((tick) => (
          <g key={tick}>
            <line
              className={styles.grid}
              x1={margin.left}
              x2={width - margin.right}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text className={styles.axisText} x={margin.left - 8} y={y(tick) + 4} textAnchor="end">
              {format(tick)}
            </text>
          </g>
        ))}
        {xTicks.map((tick, index) => (
          <text
            key={tick}
            className={styles.axisText}
            x={x(tick)}
            y={height - 8}
            textAnchor={index === 0 ? 'start' : index === 2 ? 'end' : 'middle'}
          >
            {formatDay(tick)}
          </text>
        ))}
        {nowTime > minTime && nowTime < maxTime && (
          <line
            className={styles.today}
            x1={x(nowTime)}
            x2={x(nowTime)}
            y1={margin.top}
            y2={height - margin.bottom}
          />
        )}
        <line
          className={styles.pace}
          x1={paceFrom.x}
          y1={paceFrom.y}
          x2={paceTo.x}
          y2={paceTo.y}
          data-testid="ideal-pace"
        />
        <path className={styles.actual} d={actualPath} />
        {points.map((point) => (
          <circle
            key={point.id}
            className={styles.point}
            cx={x(point.time)}
            cy={y(point.value)}
            r={4.5}
            data-testid="check-in-point"
          >
            <title>{`${format(point.value)} on ${formatDay(point.time)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className={styles.legend}>
        <span>
          <span className={styles.swatchActual} aria-hidden />
          Check-ins
        </span>
        <span>
          <span className={styles.swatchPace} aria-hidden />
          {isFlatTarget ? 'Threshold' : 'Ideal pace'}
        </span>
      </figcaption>
    </figure>
  );
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}
