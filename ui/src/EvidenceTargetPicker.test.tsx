import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { EvidenceTargetPicker } from './EvidenceTargetPicker';
import { arrangeEvidenceTargets, targetKey, type EvidenceTargetOption } from './evidence-targets';
import { readRecentTargets, rememberRecentTarget } from './recent-targets';

function option(
  overrides: Partial<EvidenceTargetOption> & Pick<EvidenceTargetOption, 'id' | 'title'>,
): EvidenceTargetOption {
  return {
    kind: 'keyResult',
    objectiveId: 'objective-1',
    objectiveTitle: 'Grow EMEA revenue',
    keyResultId: overrides.kind === 'deliverable' ? null : overrides.id,
    ownerId: 'diego',
    group: 'mine',
    status: overrides.kind === 'deliverable' ? null : 'on_track',
    progress: overrides.kind === 'deliverable' ? null : 0.4,
    deliverableState: overrides.kind === 'deliverable' ? 'doing' : null,
    ...overrides,
  };
}

const signCustomers = option({ id: 'kr-sign', title: 'Sign 5 new enterprise customers' });
const pipeline = option({ id: 'kr-pipeline', title: 'Grow weighted pipeline to 2M' });
const contractTemplate = option({
  id: 'd-template',
  kind: 'deliverable',
  title: 'Publish the contract template',
});
const teamLaunch = option({
  id: 'kr-launch',
  title: 'Launch Insights in 3 regions',
  objectiveTitle: 'Ship Insights',
  group: 'team',
  ownerId: 'alex',
});
const otherChurn = option({
  id: 'kr-churn',
  title: 'Cut churn below 3%',
  objectiveTitle: 'Keep customers',
  group: 'organisation',
  ownerId: 'megan',
});
const all = [signCustomers, pipeline, contractTemplate, teamLaunch, otherChurn];

function Harness({
  recentKeys = [],
  attachedKeys,
}: {
  recentKeys?: string[];
  attachedKeys?: Set<string>;
}) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <FluentProvider theme={webLightTheme}>
      <EvidenceTargetPicker
        label="Key result or deliverable"
        options={all}
        recentKeys={recentKeys}
        value={value}
        onChange={(chosen) => setValue(targetKey(chosen))}
        attachedKeys={attachedKeys}
      />
      <output data-testid="chosen">{value}</output>
    </FluentProvider>
  );
}

const sectionNames = () =>
  screen
    .getAllByRole('radiogroup')
    .map(
      (group) =>
        group.getAttribute('aria-labelledby') &&
        document.getElementById(group.getAttribute('aria-labelledby')!)?.textContent,
    );

describe('arrangeEvidenceTargets', () => {
  it('puts recently used targets first, in the order used, then mine, then my team’s, each once', () => {
    const sections = arrangeEvidenceTargets(
      all,
      ['keyResult:kr-launch', 'keyResult:kr-pipeline'],
      '',
    );
    expect(
      sections.map((section) => [section.group, section.options.map((item) => item.id)]),
    ).toEqual([
      ['recent', ['kr-launch', 'kr-pipeline']],
      ['mine', ['kr-sign', 'd-template']],
    ]);
  });

  it('shows everyone else’s key results only while searching, matching every word in the title or objective', () => {
    expect(
      arrangeEvidenceTargets(all, [], '')
        .flatMap((section) => section.options)
        .map((item) => item.id),
    ).not.toContain('kr-churn');
    const found = arrangeEvidenceTargets(all, [], 'customers keep');
    expect(found.map((section) => section.group)).toEqual(['organisation']);
    expect(found[0]!.options.map((item) => item.id)).toEqual(['kr-churn']);
  });

  it('ignores recent keys for targets that no longer exist', () => {
    expect(arrangeEvidenceTargets(all, ['keyResult:gone'], '')[0]!.group).toBe('mine');
  });
});

describe('recent targets', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the five most recently used, newest first, without duplicates', () => {
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'c']) rememberRecentTarget(key);
    expect(readRecentTargets()).toEqual(['c', 'f', 'e', 'd', 'b']);
  });

  it('reads an empty list from storage that holds something else', () => {
    localStorage.setItem('throughline.recentEvidenceTargets', '{"not":"a list"}');
    expect(readRecentTargets()).toEqual([]);
  });

  it('works without storage where the browser refuses it to a third-party frame', () => {
    const refusing = jest.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    });
    try {
      expect(readRecentTargets()).toEqual([]);
      expect(rememberRecentTarget('keyResult:a')).toEqual(['keyResult:a']);
    } finally {
      refusing.mockRestore();
    }
  });
});

describe('EvidenceTargetPicker', () => {
  it('lists recent, mine and my team’s key results and deliverables under headings', () => {
    render(<Harness recentKeys={['keyResult:kr-pipeline']} />);
    expect(sectionNames()).toEqual([
      'Recently used',
      'My key results and deliverables',
      "My team's",
    ]);
    const mine = screen.getByRole('radiogroup', { name: 'My key results and deliverables' });
    expect(
      within(mine)
        .getAllByRole('radio')
        .map((radio) => radio.closest('span')?.parentElement?.textContent ?? ''),
    ).toEqual([
      expect.stringContaining('Sign 5 new enterprise customers'),
      expect.stringContaining('Publish the contract template'),
    ]);
    expect(within(mine).getByText(/Deliverable · Grow EMEA revenue/)).toBeTruthy();
    expect(within(mine).getByText('In progress')).toBeTruthy();
    expect(
      within(screen.getByRole('radiogroup', { name: 'Recently used' })).getByRole('radio', {
        name: /Grow weighted pipeline to 2M/,
      }),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('radiogroup', { name: "My team's" })).getByRole('radio', {
        name: /Launch Insights in 3 regions/,
      }),
    ).toBeTruthy();
  });

  it('finds anyone’s key result by searching and selects it', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);
    expect(screen.queryByText('Cut churn below 3%')).toBeNull();
    await user.type(
      screen.getByRole('searchbox', { name: 'Search key results and deliverables' }),
      'churn',
    );
    expect(sectionNames()).toEqual(['Everyone else']);
    await user.click(screen.getByRole('radio', { name: /Cut churn below 3%/ }));
    expect(screen.getByTestId('chosen').textContent).toBe('keyResult:kr-churn');
  });

  it('says so when nothing matches the search', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);
    await user.type(screen.getByRole('searchbox'), 'zebra');
    expect(screen.getByText('Nothing matches “zebra”.')).toBeTruthy();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });

  it('marks targets that already hold this email', () => {
    render(<Harness attachedKeys={new Set(['keyResult:kr-pipeline'])} />);
    const row = screen.getByRole('radio', { name: /Grow weighted pipeline/ });
    expect(row.getAttribute('aria-checked') ?? '').not.toBe('true');
    expect(screen.getAllByText('Already attached')).toHaveLength(1);
    expect(
      screen.getByRole('radio', { name: /Grow weighted pipeline.*Already attached/ }),
    ).toBeTruthy();
  });
});
