import { screen, within } from '@testing-library/react';
import { EvidenceList } from './EvidenceList';
import { buildEvidence } from './testing/factories';
import { renderSignedIn } from './testing/session';

const email = buildEvidence();
const document = buildEvidence({
  id: 'evidence-2',
  kind: 'document',
  source: { driveId: 'drive-1', itemId: 'item-1' },
  snapshot: {
    title: 'EMEA pipeline review.xlsx',
    fileName: 'EMEA pipeline review.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    modifiedBy: 'Alex Wilber',
    modifiedAt: '2026-11-10T08:00:00.000Z',
    webLink: 'https://contoso.sharepoint.com/sites/sales/EMEA%20pipeline%20review.xlsx',
  },
  openLink: 'https://contoso.sharepoint.com/sites/sales/EMEA%20pipeline%20review.xlsx',
  attachedBy: [{ personId: 'diego', at: '2026-11-10T09:00:00.000Z', note: '' }],
});
const deletedEmail = buildEvidence({
  id: 'evidence-3',
  syncState: 'deleted',
  snapshot: {
    ...email.snapshot,
    subject: 'Verbal yes from Northwind',
    preview: 'Happy to go ahead, paperwork next week.',
  },
});

describe('EvidenceList', () => {
  it('shows an email with subject, sender, date and preview, opening in Outlook on the web', () => {
    renderSignedIn(<EvidenceList evidence={[email]} />);
    const item = screen.getByRole('listitem');
    const link = within(item).getByRole('link', { name: 'Signed order form – Fabrikam' });
    expect(link.getAttribute('href')).toBe(email.openLink);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('title')).toBe('Open in Outlook');
    expect(within(item).getByText(/From Kwame Mensah · 2 Nov 2026/)).toBeTruthy();
    expect(within(item).getByText(/Please find the signed order form attached/)).toBeTruthy();
    expect(within(item).getByText('“The customer signed”')).toBeTruthy();
    expect(item.getAttribute('data-evidence-kind')).toBe('email');
  });

  it('opens the snapshot page from the title, and Outlook only from the reader’s own copy', () => {
    const someoneElses = buildEvidence({ id: 'evidence-4', openLink: null });
    renderSignedIn(
      <EvidenceList
        evidence={[email, someoneElses]}
        snapshotHref={(item) => `#/evidence/${item.id}`}
      />,
    );
    const [mine, theirs] = screen.getAllByRole('listitem');
    expect(
      within(mine!)
        .getByRole('link', { name: 'Signed order form – Fabrikam' })
        .getAttribute('href'),
    ).toBe('#/evidence/evidence-1');
    expect(within(mine!).getByRole('link', { name: 'Open in Outlook' }).getAttribute('href')).toBe(
      email.openLink,
    );
    expect(
      within(theirs!)
        .getByRole('link', { name: 'Signed order form – Fabrikam' })
        .getAttribute('href'),
    ).toBe('#/evidence/evidence-4');
    expect(within(theirs!).queryByRole('link', { name: 'Open in Outlook' })).toBeNull();
  });

  it('shows a document with its name, an icon for its type and who modified it, opening in Office on the web', () => {
    renderSignedIn(<EvidenceList evidence={[document]} />);
    const item = screen.getByRole('listitem');
    expect(
      within(item).getByRole('link', { name: 'EMEA pipeline review.xlsx' }).getAttribute('title'),
    ).toBe('Open in Office on the web');
    expect(within(item).getByText(/Modified by Alex Wilber/)).toBeTruthy();
    expect(item.querySelector('[data-document-type="excel"]')).not.toBeNull();
    expect(item.getAttribute('data-evidence-kind')).toBe('document');
    expect(within(item).queryByText(/From /)).toBeNull();
  });

  it('marks a deleted source clearly and still shows its snapshot, without a dead link', () => {
    renderSignedIn(<EvidenceList evidence={[email, deletedEmail]} />);
    const [kept, deleted] = screen.getAllByRole('listitem');
    expect(within(kept!).queryByText('Source deleted')).toBeNull();
    expect(within(deleted!).getByText('Source deleted')).toBeTruthy();
    expect(within(deleted!).getByText('Verbal yes from Northwind')).toBeTruthy();
    expect(within(deleted!).getByText(/Happy to go ahead/)).toBeTruthy();
    expect(
      within(deleted!).getByText(/Shown as it was when attached; the original was deleted/),
    ).toBeTruthy();
    expect(within(deleted!).queryByRole('link')).toBeNull();
  });
});
