import { chatIdFromMeetingId, targetFromHash, targetFromSubPage } from './meeting-context';

const thread = '19:meeting_NzQ5ZGM0YTctYmQ0Ny00ZDU5@thread.v2';

describe('which 1-on-1 the view opens', () => {
  it('reads the Graph event or the meeting chat from the address', () => {
    expect(targetFromHash('#/one-on-ones?event=AAMkAGb2Nj%3D')).toEqual({
      kind: 'event',
      eventId: 'AAMkAGb2Nj=',
    });
    expect(targetFromHash(`#/one-on-ones?chat=${encodeURIComponent(thread)}`)).toEqual({
      kind: 'chat',
      chatId: thread,
    });
    expect(targetFromHash('#/one-on-ones?chat=19:not-a-meeting')).toBeNull();
    expect(targetFromHash('#/one-on-ones')).toBeNull();
  });

  it('reads a deep link’s sub-entity', () => {
    expect(targetFromSubPage('oneOnOne:0123456789abcdef0123456789abcdef')).toEqual({
      kind: 'id',
      id: '0123456789abcdef0123456789abcdef',
    });
    expect(targetFromSubPage('kr:abc')).toBeNull();
    expect(targetFromSubPage(undefined)).toBeNull();
  });

  it('finds the chat thread inside a Teams meeting id', () => {
    expect(chatIdFromMeetingId(btoa(`0#${thread}#0`))).toBe(thread);
    expect(chatIdFromMeetingId(btoa('something else'))).toBeNull();
    expect(chatIdFromMeetingId('%%%not base64')).toBeNull();
    expect(chatIdFromMeetingId(undefined)).toBeNull();
  });
});
