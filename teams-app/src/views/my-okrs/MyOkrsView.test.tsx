import { screen, within } from '@testing-library/react';
import type { MyOkrs, ObjectiveDetail } from '@throughline/contracts';
import {
  buildCycle,
  buildKeyResult,
  buildObjectiveDetail,
  buildTeam,
} from '@throughline/ui/src/testing/factories';
import { renderSignedIn } from '@throughline/ui/src/testing/session';
import { okrStandIn } from '../../forms/okr-stand-in';
import { MyOkrsView } from './MyOkrsView';

// Signed in as Diego Siciliani, a member of EMEA Sales.
const teams = [
  buildTeam({ id: 'team-emea', name: 'EMEA Sales', memberIds: ['alex', 'diego'] }),
  buildTeam({ id: 'team-partners', name: 'Partnerships', memberIds: ['nia'] }),
];

const mine = buildObjectiveDetail({ id: 'objective-mine', title: 'Grow EMEA revenue' });

const sharedWithMeByName = buildObjectiveDetail({
  id: 'objective-partners',
  title: 'Launch the partner programme',
  ownerId: 'nia',
  contributors: [{ kind: 'person', id: 'diego' }],
  canEdit: false,
  keyResults: [
    buildKeyResult({
      id: 'kr-resellers',
      objectiveId: 'objective-partners',
      title: 'Sign 10 reseller partners',
      ownerId: 'nia',
    }),
  ],
});

const sharedWithMyTeam = buildObjectiveDetail({
  id: 'objective-campaign',
  title: 'Run the spring campaign',
  ownerId: 'megan',
  contributors: [
    { kind: 'team', id: 'team-partners' },
    { kind: 'team', id: 'team-emea' },
  ],
  canEdit: false,
});

/** In My OKRs because Diego updates one of its key results, not because it was shared. */
const iUpdateOneOfItsKeyResults = buildObjectiveDetail({
  id: 'objective-hiring',
  title: 'Hire two account executives',
  ownerId: 'alex',
  canEdit: false,
  keyResults: [
    buildKeyResult({
      id: 'kr-hires',
      objectiveId: 'objective-hiring',
      title: 'Two offers accepted',
      ownerId: 'alex',
      updaterIds: ['diego'],
    }),
  ],
});

function openMyOkrs(objectives: ObjectiveDetail[]) {
  const myOkrs: MyOkrs = { cycle: buildCycle(), objectives, dueForCheckIn: [] };
  return renderSignedIn(<MyOkrsView />, okrStandIn({ teams, myOkrs }));
}

const card = (title: string) => screen.getByRole('article', { name: title });

describe('MyOkrsView, shared objectives', () => {
  it('marks an objective shared with me by name with its owner, and still shows its key results', async () => {
    openMyOkrs([mine, sharedWithMeByName]);
    const shared = await screen.findByRole('article', { name: 'Launch the partner programme' });

    expect(within(shared).getByText('Shared with you')).toBeTruthy();
    expect(within(shared).getByText('Shared by Nia Okafor')).toBeTruthy();
    const keyResults = within(shared).getByRole('list', {
      name: 'Key results of Launch the partner programme',
    });
    expect(within(keyResults).getByText('Sign 10 reseller partners')).toBeTruthy();
    // Shared to work on together, not to edit: that stays with its owner.
    expect(within(shared).queryByRole('button', { name: 'Edit objective' })).toBeNull();
  });

  it('marks an objective shared with one of my teams, naming the team and the owner', async () => {
    const { requests } = openMyOkrs([mine, sharedWithMyTeam]);
    await screen.findByRole('article', { name: 'Run the spring campaign' });

    expect(
      await within(card('Run the spring campaign')).findByText(
        'Shared with EMEA Sales by Megan Bowen',
      ),
    ).toBeTruthy();
    expect(within(card('Run the spring campaign')).getByText('Shared with you')).toBeTruthy();
    // Which teams are mine is read once for the page, not once per objective.
    expect(requests.filter((request) => request.path === '/api/teams')).toHaveLength(1);
  });

  it('does not mark my own objectives, nor one I am in only through a key result', async () => {
    const { requests } = openMyOkrs([mine, iUpdateOneOfItsKeyResults, sharedWithMeByName]);
    await screen.findByRole('article', { name: 'Launch the partner programme' });

    expect(within(card('Grow EMEA revenue')).queryByText('Shared with you')).toBeNull();
    expect(within(card('Hire two account executives')).queryByText('Shared with you')).toBeNull();
    expect(
      within(card('Hire two account executives')).getByText('Two offers accepted'),
    ).toBeTruthy();
    // Nothing here is shared with a team, so the page does not load the teams.
    expect(requests.filter((request) => request.path === '/api/teams')).toHaveLength(0);
  });
});
