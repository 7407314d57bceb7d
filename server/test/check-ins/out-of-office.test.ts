/** Out of office from Graph's automatic replies, and the Monday a snooze lasts until: pure rules. */
import { instantOf, isOutOfOffice } from '../../src/check-ins/out-of-office';
import { nextMondayAfter } from '../../src/check-ins/card-preferences';

const NOW = new Date('2026-12-09T12:00:00Z');
const window = (start: string, end: string, timeZone = 'UTC') => ({
  status: 'scheduled' as const,
  scheduledStartDateTime: { dateTime: start, timeZone },
  scheduledEndDateTime: { dateTime: end, timeZone },
});

describe('out of office', () => {
  it('is out while replies are always on, whatever window they still carry', () => {
    expect(
      isOutOfOffice(
        {
          ...window('2020-01-01T00:00:00.0000000', '2020-01-02T00:00:00.0000000'),
          status: 'alwaysEnabled',
        },
        NOW,
      ),
    ).toBe(true);
  });

  it('is in while replies are disabled, even inside the window they carry', () => {
    expect(
      isOutOfOffice(
        {
          ...window('2026-12-08T00:00:00.0000000', '2026-12-10T00:00:00.0000000'),
          status: 'disabled',
        },
        NOW,
      ),
    ).toBe(false);
  });

  it('is out inside a scheduled window and in before and after it (the end is exclusive)', () => {
    expect(
      isOutOfOffice(window('2026-12-08T00:00:00.0000000', '2026-12-10T00:00:00.0000000'), NOW),
    ).toBe(true);
    expect(
      isOutOfOffice(window('2026-12-01T00:00:00.0000000', '2026-12-05T00:00:00.0000000'), NOW),
    ).toBe(false);
    expect(
      isOutOfOffice(window('2026-12-10T00:00:00.0000000', '2026-12-12T00:00:00.0000000'), NOW),
    ).toBe(false);
    expect(
      isOutOfOffice(window('2026-12-09T08:00:00.0000000', '2026-12-09T12:00:00.0000000'), NOW),
    ).toBe(false);
  });

  it('reads a window in an IANA zone as that zone’s wall time', () => {
    // 13:30 in Berlin (UTC+1 in December) is 12:30 UTC: not yet started at 12:00 UTC.
    expect(
      instantOf({ dateTime: '2026-12-09T13:30:00.0000000', timeZone: 'Europe/Berlin' }),
    ).toEqual(new Date('2026-12-09T12:30:00.000Z'));
    expect(
      isOutOfOffice(window('2026-12-09T13:30:00', '2026-12-10T00:00:00', 'Europe/Berlin'), NOW),
    ).toBe(false);
    expect(
      isOutOfOffice(window('2026-12-09T12:30:00', '2026-12-10T00:00:00', 'Europe/Berlin'), NOW),
    ).toBe(true);
  });

  it('reads a window in a Windows zone name as Exchange may answer it', () => {
    expect(
      instantOf({ dateTime: '2026-12-09T07:00:00.0000000', timeZone: 'Pacific Standard Time' }),
    ).toEqual(new Date('2026-12-09T15:00:00.000Z'));
    expect(
      instantOf({ dateTime: '2026-07-09T09:00:00.0000000', timeZone: 'W. Europe Standard Time' }),
    ).toEqual(new Date('2026-07-09T07:00:00.000Z'));
  });

  it('is in when the window cannot be read', () => {
    expect(isOutOfOffice(window('soon', 'later'), NOW)).toBe(false);
    expect(isOutOfOffice({ status: 'scheduled' }, NOW)).toBe(false);
  });
});

describe('the Monday a snooze lasts until', () => {
  it('is the next Monday 00:00 in the tenant’s zone, a week on when pressed on a Monday', () => {
    expect(nextMondayAfter(new Date('2026-12-08T10:00:00Z'), 'Europe/Berlin')).toEqual(
      new Date('2026-12-13T23:00:00.000Z'),
    );
    expect(nextMondayAfter(new Date('2026-12-13T23:30:00Z'), 'Europe/Berlin')).toEqual(
      new Date('2026-12-20T23:00:00.000Z'),
    );
    expect(nextMondayAfter(new Date('2026-12-13T23:30:00Z'), 'UTC')).toEqual(
      new Date('2026-12-14T00:00:00.000Z'),
    );
    // Across the change to summer time: Monday 30 March 2026 00:00 in Berlin is 22:00 UTC the day before.
    expect(nextMondayAfter(new Date('2026-03-27T12:00:00Z'), 'Europe/Berlin')).toEqual(
      new Date('2026-03-29T22:00:00.000Z'),
    );
  });
});
