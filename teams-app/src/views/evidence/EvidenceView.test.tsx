import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EvidenceLocation } from '@throughline/contracts';
import { buildEvidence } from '@throughline/ui/src/testing/factories';
import { renderSignedIn, type StandInServer } from '@throughline/ui/src/testing/session';
import { EvidenceView } from './EvidenceView';

const located = (overrides: Partial<EvidenceLocation> = {}): EvidenceLocation => ({
  ...buildEvidence({
    attachedBy: [
      { personId: 'alex', at: '2026-11-02T15:00:00.000Z', note: 'The customer signed' },
      { personId: 'diego', at: '2026-11-03T09:00:00.000Z', note: 'I ran the negotiation' },
    ],
    ...overrides,
  }),
  targetTitle: 'Sign 5 new enterprise customers',
  keyResultTitle: 'Sign 5 new enterprise customers',
  ...overrides,
});

const notInMailbox = {
  status: 404,
  body: {
    error: {
      code: 'mailbox_copy_not_found',
      message: 'This email is not in your mailbox. What Throughline kept of it is shown here.',
    },
  },
};

function serve(evidence: EvidenceLocation, myCopy: ReturnType<StandInServer>): StandInServer {
  return (request) =>
    request.path === `/api/evidence/${evidence.id}`
      ? { status: 200, body: evidence }
      : request.path === `/api/evidence/${evidence.id}/my-copy`
        ? myCopy
        : { status: 404 };
}

describe('EvidenceView', () => {
  it('shows what Throughline kept, what it proves, and every attacher with their note', async () => {
    renderSignedIn(<EvidenceView evidenceId="evidence-1" />, serve(located(), notInMailbox));
    await screen.findByRole('heading', { name: 'Signed order form – Fabrikam', level: 1 });
    expect(
      screen.getByRole('link', { name: '“Sign 5 new enterprise customers”' }).getAttribute('href'),
    ).toBe('#/key-results/kr-1');
    const kept = screen.getByRole('region', { name: 'What Throughline kept' });
    expect(within(kept).getByText('Kwame Mensah <kwame@fabrikam.example>')).toBeTruthy();
    expect(within(kept).getByText(/Please find the signed order form attached/)).toBeTruthy();
    expect(within(kept).getByText('Everyone who can see the key result')).toBeTruthy();
    const attachers = screen.getByRole('region', { name: 'Who attached it, and why' });
    expect(within(attachers).getByText('“The customer signed”')).toBeTruthy();
    expect(within(attachers).getByText('“I ran the negotiation”')).toBeTruthy();
    // The reader attached it: their own copy opens in Outlook straight away.
    expect(
      within(kept)
        .getByRole('link', { name: /Open in Outlook/ })
        .getAttribute('href'),
    ).toContain('outlook.office.com');
  });

  it('looks for the reader’s own copy when they did not attach it, and opens that one', async () => {
    const user = userEvent.setup({ delay: null });
    const webLink = 'https://outlook.office.com/owa/?ItemID=readers-copy&exvsurl=1';
    const { requests } = renderSignedIn(
      <EvidenceView evidenceId="evidence-1" />,
      serve(located({ openLink: null }), { status: 200, body: { webLink } }),
    );
    const find = await screen.findByRole('button', { name: 'Find it in my mailbox' });
    expect(screen.queryByRole('link', { name: /Open in Outlook/ })).toBeNull();
    await user.click(find);
    const open = await screen.findByRole('link', { name: /Open in Outlook/ });
    expect(open.getAttribute('href')).toBe(webLink);
    expect(requests.filter((request) => request.path.endsWith('/my-copy'))).toHaveLength(1);
  });

  it('says plainly when the email is not in the reader’s mailbox, and offers no dead link', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(
      <EvidenceView evidenceId="evidence-1" />,
      serve(located({ openLink: null }), notInMailbox),
    );
    await user.click(await screen.findByRole('button', { name: 'Find it in my mailbox' }));
    await screen.findByText(/This email is not in your mailbox/);
    expect(screen.queryByRole('link', { name: /Open in Outlook/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Find it in my mailbox' })).toBeNull();
  });

  it('shows a deleted email from its snapshot, without a way to open it', async () => {
    renderSignedIn(
      <EvidenceView evidenceId="evidence-1" />,
      serve(located({ syncState: 'deleted' }), notInMailbox),
    );
    await screen.findByText(/The original was deleted/);
    expect(screen.queryByRole('link', { name: /Open in Outlook/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Find it in my mailbox' })).toBeNull();
  });
});
