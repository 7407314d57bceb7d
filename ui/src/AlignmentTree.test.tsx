import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AlignmentNode, AlignmentTarget } from '@throughline/contracts';
import { useState } from 'react';
import { AlignmentTargetPicker } from './AlignmentTargetPicker';
import { AlignmentTree } from './AlignmentTree';
import { buildAlignmentNode } from './testing/factories';
import { renderSignedIn } from './testing/session';

const roots: AlignmentNode[] = [
  buildAlignmentNode({
    id: 'company-1',
    title: 'Grow revenue in EMEA',
    level: 'company',
    progress: 0.45,
    status: 'on_track',
    children: [
      buildAlignmentNode({
        id: 'team-1',
        title: 'Build the EMEA enterprise pipeline',
        level: 'team',
        progress: 0.3,
        status: 'at_risk',
        children: [
          buildAlignmentNode({
            id: 'individual-1',
            title: 'Win the big London accounts',
            level: 'individual',
            ownerId: 'diego',
            progress: 0.2,
            status: 'at_risk',
            children: [
              buildAlignmentNode({
                kind: 'keyResult',
                id: 'kr-1',
                title: 'Sign 5 new enterprise customers',
                ownerId: 'diego',
                progress: 0.2,
                status: 'at_risk',
              }),
            ],
          }),
        ],
      }),
    ],
  }),
];

const hrefFor = (node: AlignmentNode) =>
  node.kind === 'keyResult' ? `#/key-results/${node.id}` : `#/objectives/${node.id}`;

describe('AlignmentTree', () => {
  it('nests company, team and individual objectives down to key results, each with its rolled-up progress and a link', () => {
    renderSignedIn(<AlignmentTree roots={roots} hrefFor={hrefFor} aria-label="Alignment tree" />);
    const tree = screen.getByRole('list', { name: 'Alignment tree' });
    const company = within(tree).getAllByRole('listitem')[0]!;
    expect(within(company).getByText('Company objective')).toBeTruthy();
    const keyResultLink = within(company).getByRole('link', {
      name: 'Sign 5 new enterprise customers',
    });
    expect(keyResultLink.getAttribute('href')).toBe('#/key-results/kr-1');
    // The key result sits three lists deep under the company objective.
    let depth = 0;
    for (
      let element: HTMLElement | null = keyResultLink;
      element && element !== tree;
      element = element.parentElement
    )
      if (element.tagName === 'UL') depth += 1;
    expect(depth).toBe(3);
    expect(
      screen
        .getByRole('progressbar', { name: 'Progress of Grow revenue in EMEA' })
        .getAttribute('aria-valuetext'),
    ).toBe('45%');
    expect(
      screen
        .getByRole('progressbar', { name: 'Progress of Build the EMEA enterprise pipeline' })
        .getAttribute('aria-valuetext'),
    ).toBe('30%');
    expect(screen.getAllByText('At risk')).toHaveLength(3);
  });

  it('collapses and expands a branch from the keyboard', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<AlignmentTree roots={roots} hrefFor={hrefFor} aria-label="Alignment tree" />);
    const toggle = screen.getByRole('button', {
      name: 'Collapse Build the EMEA enterprise pipeline',
    });
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('link', { name: 'Win the big London accounts' })).toBeNull();
    const expand = screen.getByRole('button', {
      name: 'Expand Build the EMEA enterprise pipeline',
    });
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('link', { name: 'Win the big London accounts' })).toBeTruthy();
  });
});

describe('AlignmentTargetPicker', () => {
  function Picker({ onChange }: { onChange: (value: AlignmentTarget | null) => void }) {
    const [value, setValue] = useState<AlignmentTarget | null>(null);
    return (
      <AlignmentTargetPicker
        label="Aligns to"
        roots={roots}
        value={value}
        onChange={(next) => {
          setValue(next);
          onChange(next);
        }}
        selectableKinds={['objective', 'keyResult']}
        noneLabel="Not aligned"
        excludeId="individual-1"
      />
    );
  }

  it('finds a parent by search, keeps its ancestors as context and hides the objective being edited', async () => {
    const user = userEvent.setup({ delay: null });
    const onChange = jest.fn();
    renderSignedIn(<Picker onChange={onChange} />);
    expect(screen.queryByRole('radio', { name: 'Win the big London accounts' })).toBeNull();
    await user.type(screen.getByRole('searchbox', { name: 'Search: Aligns to' }), 'pipeline');
    expect(screen.getByRole('radio', { name: 'Grow revenue in EMEA' })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Build the EMEA enterprise pipeline' }));
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'objective', id: 'team-1' });

    await user.clear(screen.getByRole('searchbox', { name: 'Search: Aligns to' }));
    await user.type(
      screen.getByRole('searchbox', { name: 'Search: Aligns to' }),
      'nothing like this',
    );
    expect(screen.getByText('Nothing matches “nothing like this”.')).toBeTruthy();
  });
});
