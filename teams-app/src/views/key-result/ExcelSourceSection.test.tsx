import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LinkExcelSourceRequest, type KeyResultDetail } from '@throughline/contracts';
import { buildCycle, buildKeyResult, buildObjective } from '@throughline/ui/src/testing/factories';
import { renderSignedIn, type StandInServer } from '@throughline/ui/src/testing/session';
import { ExcelSourceSection } from './ExcelSourceSection';

const linked = {
  linkId: 'link-1',
  driveId: 'b!drive-diego',
  itemId: '01PIPELINE',
  fileName: 'Pipeline.xlsx',
  webUrl: 'https://contoso-my.sharepoint.com/personal/diegos/Documents/Pipeline.xlsx',
  reference: { kind: 'cell' as const, sheet: 'Sheet1', cell: 'B4' },
  label: 'Sheet1!B4',
  linkedBy: 'diego',
  linkedAt: '2026-12-01T09:00:00.000Z',
};

const hit = {
  driveId: linked.driveId,
  itemId: linked.itemId,
  name: 'Pipeline.xlsx',
  webUrl: linked.webUrl,
  size: 9412,
  lastModifiedDateTime: null,
  lastModifiedBy: null,
};

function detailOf(overrides: Partial<KeyResultDetail> = {}): KeyResultDetail {
  return {
    ...buildKeyResult(),
    objective: buildObjective(),
    cycle: buildCycle(),
    deliverables: [],
    checkIns: [],
    canEdit: true,
    canCheckIn: true,
    excelSource: null,
    excelState: null,
    ...overrides,
  };
}

/** The link route as the server parses it: the body checked with the contracts' schema. */
const linkServer =
  (answer: KeyResultDetail): StandInServer =>
  (request) => {
    if (request.method === 'GET' && request.path.startsWith('/api/documents?'))
      return {
        status: 200,
        body: {
          items: [
            { ...hit, name: 'Pipeline.xlsx' },
            { ...hit, itemId: '01NOTES', name: 'Pipeline notes.docx' },
          ],
        },
      };
    if (request.method !== 'POST' || request.path !== '/api/key-results/kr-1/excel-source')
      return { status: 404 };
    const parsed = LinkExcelSourceRequest.safeParse(request.body);
    if (!parsed.success)
      return {
        status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: 'The request is not valid',
            details: parsed.error.issues.map((issue) => ({
              path: ['body', ...issue.path.map(String)].join('.'),
              message: issue.message,
            })),
          },
        },
      };
    return { status: 200, body: answer };
  };

describe('ExcelSourceSection', () => {
  it('links a cell of a workbook by its sharing link', async () => {
    const user = userEvent.setup({ delay: null });
    const onChanged = jest.fn();
    const answer = detailOf({ excelSource: linked, version: 4 });
    const { requests } = renderSignedIn(
      <ExcelSourceSection keyResult={detailOf()} onChanged={onChanged} />,
      linkServer(answer),
    );
    await user.type(screen.getByRole('textbox', { name: /^Workbook/ }), linked.webUrl);
    await user.type(screen.getByRole('textbox', { name: /cell or named range/i }), 'Sheet1!B4');
    await user.click(screen.getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(answer));
    const sent = requests.find((request) => request.method === 'POST');
    expect(sent?.body).toEqual({ version: 3, sharingUrl: linked.webUrl, cell: 'Sheet1!B4' });
  });

  it('finds a workbook by name, offering only workbooks, and links the one picked', async () => {
    const user = userEvent.setup({ delay: null });
    const onChanged = jest.fn();
    const answer = detailOf({ excelSource: linked, version: 4 });
    const { requests } = renderSignedIn(
      <ExcelSourceSection keyResult={detailOf()} onChanged={onChanged} />,
      linkServer(answer),
    );
    await user.type(screen.getByRole('textbox', { name: /^Workbook/ }), 'Pipe');
    await user.click(
      await screen.findByRole('radio', { name: 'Pipeline.xlsx' }, { timeout: 5000 }),
    );
    expect(screen.queryByRole('radio', { name: /notes/ })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: /cell or named range/i }), 'SignedARR');
    await user.click(screen.getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(answer));
    const sent = requests.find((request) => request.method === 'POST');
    expect(sent?.body).toEqual({
      version: 3,
      driveId: linked.driveId,
      itemId: linked.itemId,
      name: 'SignedARR',
    });
  });

  it('shows the server’s word on an address next to the field', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(
      <ExcelSourceSection keyResult={detailOf()} onChanged={() => undefined} />,
      linkServer(detailOf()),
    );
    await user.type(screen.getByRole('textbox', { name: /^Workbook/ }), linked.webUrl);
    await user.type(screen.getByRole('textbox', { name: /cell or named range/i }), 'Sheet1!B4:C9');
    await user.click(screen.getByRole('button', { name: 'Link' }));
    expect(await screen.findByText(/must be one cell of one worksheet/)).toBeTruthy();
  });

  it('shows the source, its last read and the last error', () => {
    renderSignedIn(
      <ExcelSourceSection
        keyResult={detailOf({
          excelSource: linked,
          excelState: {
            linkId: 'link-1',
            lastReadAt: '2026-12-02T09:00:00.000Z',
            lastValue: 120000,
            lastText: '120,000',
            lastError: {
              code: 'not_a_number',
              message: 'Cell Sheet1!B4 holds ‘n/a’, not a number.',
              at: '2026-12-03T09:00:00.000Z',
            },
          },
        })}
        onChanged={() => undefined}
      />,
    );
    expect(screen.getByRole('link', { name: 'Pipeline.xlsx' })).toBeTruthy();
    expect(screen.getByText(/Last read .*120,000/)).toBeTruthy();
    expect(screen.getByText(/Cell Sheet1!B4 holds ‘n\/a’, not a number\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unlink' })).toBeTruthy();
  });

  it('offers no form to those who may not edit the key result', () => {
    renderSignedIn(
      <ExcelSourceSection keyResult={detailOf({ canEdit: false })} onChanged={() => undefined} />,
    );
    expect(screen.queryByRole('button', { name: 'Link' })).toBeNull();
    expect(screen.getByText(/Not fed from Excel/)).toBeTruthy();
  });
});
