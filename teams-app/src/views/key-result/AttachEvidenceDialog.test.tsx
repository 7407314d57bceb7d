import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AttachDocumentRequest,
  AttachLinkRequest,
  type DocumentHit,
  type Evidence,
} from '@throughline/contracts';
import { buildEvidence } from '@throughline/ui/src/testing/factories';
import {
  renderSignedIn,
  type RecordedRequest,
  type StandInServer,
} from '@throughline/ui/src/testing/session';
import { AttachEvidenceDialog, isMicrosoft365FileLink } from './AttachEvidenceDialog';

const orderForm: DocumentHit = {
  driveId: 'b!drive-diego',
  itemId: '01ORDERFORM',
  name: 'Northwind order form (signed).pdf',
  webUrl:
    'https://contoso-my.sharepoint.com/personal/diegos/Documents/Northwind%20order%20form.pdf',
  size: 184_322,
  lastModifiedDateTime: '2026-11-20T10:00:00Z',
  lastModifiedBy: 'Diego Siciliani',
};
const plan: DocumentHit = {
  ...orderForm,
  itemId: '01PLAN',
  name: 'Sales FY27 plan.xlsx',
  lastModifiedBy: 'Megan Bowen',
};

/**
 * The evidence routes as the server answers them: the search finds by name, an attach
 * body is parsed with the contracts' schema and refused the way the server refuses it.
 */
function evidenceServer(answer: Evidence): StandInServer {
  return (request) => {
    if (request.method === 'GET' && request.path.startsWith('/api/documents?')) {
      const q = new URL(request.path, 'https://x').searchParams.get('q') ?? '';
      const items = [orderForm, plan].filter((hit) =>
        hit.name.toLowerCase().includes(q.toLowerCase()),
      );
      return { status: 200, body: { items } };
    }
    const schema =
      request.path === '/api/evidence/document'
        ? AttachDocumentRequest
        : request.path === '/api/evidence/link'
          ? AttachLinkRequest
          : null;
    if (request.method !== 'POST' || !schema) return { status: 404 };
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({
        path: ['body', ...issue.path.map(String)].join('.'),
        message: issue.message,
        code: issue.code,
      }));
      return {
        status: 400,
        body: {
          error: { code: 'validation_failed', message: 'The request is not valid', details },
        },
      };
    }
    return { status: 201, body: answer };
  };
}

function open(answer: Evidence = buildEvidence()) {
  const onAttached = jest.fn();
  const rendered = renderSignedIn(
    <AttachEvidenceDialog
      keyResult={{ id: 'kr-arr', title: 'Signed ARR' }}
      deliverables={[{ id: 'deliverable-contract', title: 'Send the renewal contract' }]}
      onDismiss={() => undefined}
      onAttached={onAttached}
    />,
    evidenceServer(answer),
  );
  return { ...rendered, onAttached };
}

const attaches = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST');

describe('AttachEvidenceDialog', () => {
  it('finds a document by name and attaches the one picked, with a note and who may see it', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onAttached } = open();
    await user.type(screen.getByRole('searchbox', { name: /document name/i }), 'order');
    await user.click(
      await screen.findByRole('radio', { name: /Northwind order form/ }, { timeout: 5000 }),
    );
    expect(screen.queryByRole('radio', { name: /FY27 plan/ })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: /why this proves/i }), 'Signed for 240');
    await user.selectOptions(
      screen.getByRole('combobox', { name: /who can see it/i }),
      'owner_and_manager',
    );
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    await waitFor(() => expect(onAttached).toHaveBeenCalled());
    const [sent] = attaches(requests);
    expect(sent?.path).toBe('/api/evidence/document');
    expect(AttachDocumentRequest.parse(sent?.body)).toEqual({
      target: { kind: 'keyResult', id: 'kr-arr' },
      driveId: orderForm.driveId,
      itemId: orderForm.itemId,
      note: 'Signed for 240',
      visibility: 'owner_and_manager',
    });
  });

  it('searches once typing pauses, not once per key', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = open();
    await user.type(screen.getByRole('searchbox', { name: /document name/i }), 'order form');
    await screen.findByRole('radio', { name: /Northwind order form/ }, { timeout: 5000 });
    const searches = requests.filter((request) => request.path.startsWith('/api/documents'));
    expect(searches.map((request) => request.path)).toEqual([
      '/api/documents?q=order+form&limit=10',
    ]);
  });

  it('says so when nothing was picked, and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onAttached } = open();
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    expect(await screen.findByText(/pick a document from the results/i)).toBeTruthy();
    expect(attaches(requests)).toEqual([]);
    expect(onAttached).not.toHaveBeenCalled();
  });

  it('attaches a pasted SharePoint link as a document, to a deliverable', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onAttached } = open();
    await user.click(screen.getByRole('combobox', { name: /attach to/i }));
    await user.click(screen.getByRole('option', { name: /Send the renewal contract/ }));
    await user.click(screen.getByRole('tab', { name: 'Paste a link' }));
    await user.type(screen.getByRole('textbox', { name: /^link/i }), orderForm.webUrl);
    // A document's title comes from Microsoft 365, so none is asked for.
    expect(screen.queryByRole('textbox', { name: /^title/i })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    await waitFor(() => expect(onAttached).toHaveBeenCalled());
    const [sent] = attaches(requests);
    expect(sent?.path).toBe('/api/evidence/document');
    expect(sent?.body).toMatchObject({
      target: { kind: 'deliverable', id: 'deliverable-contract' },
      sharingUrl: orderForm.webUrl,
    });
  });

  it('attaches any other link as a link with its title, and names a missing title', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests, onAttached } = open();
    await user.click(screen.getByRole('tab', { name: 'Paste a link' }));
    await user.type(
      screen.getByRole('textbox', { name: /^link/i }),
      'https://status.example.com/q4',
    );
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    const title = await screen.findByRole('textbox', { name: /^title/i });
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(onAttached).not.toHaveBeenCalled();
    await user.type(title, 'Q4 status page');
    await user.click(screen.getByRole('button', { name: 'Attach' }));
    await waitFor(() => expect(onAttached).toHaveBeenCalled());
    const sent = attaches(requests).at(-1);
    expect(sent?.path).toBe('/api/evidence/link');
    expect(AttachLinkRequest.parse(sent?.body)).toMatchObject({
      url: 'https://status.example.com/q4',
      title: 'Q4 status page',
    });
  });
});

describe('isMicrosoft365FileLink', () => {
  it.each([
    ['https://contoso.sharepoint.com/:w:/s/sales/EaBc', true],
    ['https://contoso-my.sharepoint.com/personal/diego/Documents/plan.xlsx', true],
    ['https://1drv.ms/x/s!AbCd', true],
    ['http://contoso.sharepoint.com/plan.xlsx', false],
    ['https://sharepoint.com.example.net/plan.xlsx', false],
    ['https://example.com/plan.xlsx', false],
    ['not a link', false],
  ])('%s → %s', (url, expected) => expect(isMicrosoft365FileLink(url)).toBe(expected));
});
