import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UpdateMyPreferencesRequest, type MyPreferences } from '@throughline/contracts';
import { errorBody, renderSignedIn, type StandInServer } from '@throughline/ui/src/testing/session';
import { CheckInCardSwitch } from './CheckInCardSwitch';

/** The preference as the server keeps it: a PATCH the contracts accept changes it. */
function preferencesServer(initial: MyPreferences): StandInServer {
  let current = initial;
  return (request) => {
    if (request.path !== '/api/me/preferences')
      return { status: 404, body: errorBody('not_found', 'No such route') };
    if (request.method === 'PATCH') {
      const parsed = UpdateMyPreferencesRequest.safeParse(request.body);
      if (!parsed.success) return { status: 400, body: errorBody('validation_failed', 'Bad body') };
      current = { ...current, checkInCards: parsed.data.checkInCards };
    }
    return { status: 200, body: current };
  };
}

const theSwitch = () => screen.findByRole('switch', { name: 'Weekly check-in card in Teams' });

describe('CheckInCardSwitch', () => {
  it('turns the weekly check-in card back on after it was stopped from the card', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderSignedIn(
      <CheckInCardSwitch />,
      preferencesServer({ checkInCards: false, checkInCardsSnoozedUntil: null }),
    );
    const control = await theSwitch();
    expect((control as HTMLInputElement).checked).toBe(false);

    await user.click(control);

    await waitFor(() => expect((control as HTMLInputElement).checked).toBe(true));
    const patches = requests.filter((request) => request.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toEqual({ checkInCards: true });
  });

  it('says until when the card is snoozed, and turns it off', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderSignedIn(
      <CheckInCardSwitch />,
      preferencesServer({
        checkInCards: true,
        checkInCardsSnoozedUntil: '2026-12-13T23:00:00.000Z',
      }),
    );
    const control = await theSwitch();
    expect((control as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/^Snoozed from the card until /)).toBeTruthy();

    await user.click(control);

    await waitFor(() => expect((control as HTMLInputElement).checked).toBe(false));
    expect(requests.filter((request) => request.method === 'PATCH')[0]!.body).toEqual({
      checkInCards: false,
    });
    expect(screen.queryByText(/^Snoozed from the card until /)).toBeNull();
  });

  it('keeps the switch as it was and says so when the change is refused', async () => {
    const user = userEvent.setup({ delay: null });
    renderSignedIn(<CheckInCardSwitch />, (request) =>
      request.method === 'PATCH'
        ? { status: 503, body: errorBody('graph_unavailable', 'Try again in a minute.') }
        : { status: 200, body: { checkInCards: true, checkInCardsSnoozedUntil: null } },
    );
    const control = await theSwitch();
    await user.click(control);
    expect(await screen.findByText('Could not change the check-in card')).toBeTruthy();
    expect((control as HTMLInputElement).checked).toBe(true);
  });
});
