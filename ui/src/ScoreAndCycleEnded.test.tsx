import { render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Cycle } from '@throughline/contracts';
import { CycleEndedBar } from './CycleEndedBar';
import { ScoreBadge, describeScore } from './ScoreBadge';

const cycle = (overrides: Partial<Cycle>): Cycle => ({
  id: 'q3',
  name: 'Q3 2026',
  kind: 'quarter',
  startsOn: '2026-07-01',
  endsOn: '2026-09-30',
  state: 'open',
  closedAt: null,
  version: 1,
  ...overrides,
});
const inFluent = (node: React.ReactNode) =>
  render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);

describe('the cycle-ended reminder in the tab', () => {
  it('names an open cycle whose last day has passed, with a link to its review', () => {
    inFluent(
      <CycleEndedBar
        cycles={[
          cycle({}),
          cycle({ id: 'q2', name: 'Q2 2026', state: 'closed', endsOn: '2026-06-30' }),
          cycle({ id: 'q4', name: 'Q4 2026', startsOn: '2026-10-01', endsOn: '2026-12-31' }),
        ]}
        today="2026-10-02"
        reviewHref={(ended) => `#/cycles/${ended.id}/review`}
      />,
    );
    expect(screen.getByText(/Q3 2026 ended on 2026-09-30 and is still open/)).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Review and close Q3 2026' }).getAttribute('href'),
    ).toBe('#/cycles/q3/review');
    expect(screen.queryByText(/Q2 2026|Q4 2026/)).toBeNull();
  });

  it('says nothing on the last day itself', () => {
    const { container } = inFluent(
      <CycleEndedBar cycles={[cycle({})]} today="2026-09-30" reviewHref={() => '#'} />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('a score', () => {
  it('shows an override with the computed score and the reason', () => {
    const score = {
      computed: 0.4,
      override: 0.6,
      reason: 'Signed on 2 January',
      final: 0.6,
      scoredAt: '2026-12-31T00:00:00.000Z',
    };
    expect(describeScore(score)).toBe('Score 0.6 (computed 0.4; Signed on 2 January)');
    inFluent(<ScoreBadge score={score} />);
    expect(screen.getByLabelText('Score 0.6 (computed 0.4; Signed on 2 January)')).toBeTruthy();
  });

  it('shows nothing before the cycle closes', () => {
    const { container } = inFluent(<ScoreBadge score={null} />);
    expect(container.textContent).toBe('');
  });
});
