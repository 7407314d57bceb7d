import { screen } from '@testing-library/react';
import { PersonAvatar } from './PersonAvatar';
import { renderSignedIn } from './testing/session';

describe('PersonAvatar', () => {
  it('names the server’s own jobs and Microsoft 365 without looking them up as people', async () => {
    const { requests } = renderSignedIn(
      <>
        <PersonAvatar personId="system" />
        <PersonAvatar personId="microsoft-365" />
      </>,
    );
    expect(await screen.findByText('Throughline')).toBeTruthy();
    expect(screen.getByText('Microsoft 365')).toBeTruthy();
    expect(requests.filter((request) => request.path.startsWith('/api/people/'))).toEqual([]);
  });

  it('does not take an id such as “constructor” for a service', async () => {
    renderSignedIn(<PersonAvatar personId="constructor" />);
    expect(await screen.findByText('Someone outside your view')).toBeTruthy();
  });
});
