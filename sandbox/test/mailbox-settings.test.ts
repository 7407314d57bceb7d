/**
 * Automatic replies (out of office) as Exchange serves them through Graph:
 * `GET /users/{id}/mailboxSettings/automaticRepliesSetting` needs MailboxSettings.Read (or
 * .ReadWrite), a person nobody knows is 404, and the control API sets what Outlook would.
 */
import type { RunningSandbox } from '../src';
import { appToken, callGraph, person, startTestSandbox, userToken } from './support';

const NOW = new Date('2026-11-25T10:20:00Z');
let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');
const sara = person('Sara Davis');
const CONTOSO = diego.tenantId;
const path = (userId: string) => `/users/${userId}/mailboxSettings/automaticRepliesSetting`;

type GraphErrorBody = { error: { code: string; message: string; innerError: object } };

const control = (tenantId: string, userId: string, body: unknown) =>
  callGraph(
    sandbox,
    undefined,
    `/_sandbox/tenants/${tenantId}/users/${userId}/mailboxSettings/automaticRepliesSetting`,
    { method: 'PATCH', body },
  );

const consent = (method: 'POST' | 'DELETE', query = '', body?: unknown) =>
  callGraph(sandbox, undefined, `/_sandbox/tenants/${CONTOSO}/consent${query}`, { method, body });

beforeAll(async () => {
  sandbox = await startTestSandbox({ clock: () => NOW });
});
afterAll(() => sandbox.stop());

describe('automatic replies (mailboxSettings)', () => {
  it("answers a demo person's setting in Graph's shape: disabled, with Exchange's proposed window", async () => {
    const answer = await callGraph(sandbox, await appToken(sandbox, CONTOSO), path(diego.id));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      '@odata.context': `${sandbox.graphUrl}/v1.0/$metadata#users('${diego.id}')/mailboxSettings/automaticRepliesSetting`,
      status: 'disabled',
      externalAudience: 'all',
      scheduledStartDateTime: { dateTime: '2026-11-25T11:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2026-11-26T11:00:00.0000000', timeZone: 'UTC' },
      internalReplyMessage: '',
      externalReplyMessage: '',
    });
  });

  it('serves what the control API set, scheduled or always on, and turns it off again', async () => {
    const token = await appToken(sandbox, CONTOSO);
    const set = await control(CONTOSO, diego.id, {
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2026-11-24T08:00:00', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2026-11-27T18:00:00Z' },
      internalReplyMessage: 'Back on Friday',
    });
    expect(set.status).toBe(200);
    const read = await callGraph(sandbox, token, path(diego.id));
    expect(read.body).toMatchObject({
      status: 'scheduled',
      scheduledStartDateTime: { dateTime: '2026-11-24T08:00:00.0000000', timeZone: 'UTC' },
      scheduledEndDateTime: { dateTime: '2026-11-27T18:00:00.0000000', timeZone: 'UTC' },
      internalReplyMessage: 'Back on Friday',
    });
    await control(CONTOSO, diego.id, { status: 'alwaysEnabled' });
    expect((await callGraph(sandbox, token, path(diego.id))).body).toMatchObject({
      status: 'alwaysEnabled',
    });
    await control(CONTOSO, diego.id, { status: 'disabled' });
    expect((await callGraph(sandbox, token, path(diego.id))).body).toMatchObject({
      status: 'disabled',
    });
  });

  it('refuses a window that ends before it starts, and an unknown status', async () => {
    expect(
      (
        await control(CONTOSO, diego.id, {
          status: 'scheduled',
          scheduledStartDateTime: { dateTime: '2026-11-27T08:00:00' },
          scheduledEndDateTime: { dateTime: '2026-11-26T08:00:00' },
        })
      ).status,
    ).toBe(400);
    expect((await control(CONTOSO, diego.id, { status: 'onHoliday' })).status).toBe(400);
    expect((await control(CONTOSO, 'nobody', { status: 'disabled' })).status).toBe(404);
  });

  it('answers 404 ErrorInvalidUser for someone not in the caller’s tenant', async () => {
    const token = await appToken(sandbox, CONTOSO);
    for (const id of ['00000000-0000-0000-0000-000000000000', sara.id]) {
      const answer = await callGraph<GraphErrorBody>(sandbox, token, path(id));
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('ErrorInvalidUser');
      expect(answer.body.error.innerError).toHaveProperty('request-id');
    }
  });

  it('refuses an app token without MailboxSettings.Read with 403 ErrorAccessDenied, and takes .ReadWrite', async () => {
    await consent('DELETE', '?type=application&permission=MailboxSettings.Read');
    try {
      const refused = await callGraph<GraphErrorBody>(
        sandbox,
        await appToken(sandbox, CONTOSO),
        path(diego.id),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      });
      await consent('POST', '', {
        type: 'application',
        permissions: ['MailboxSettings.ReadWrite'],
      });
      const readWrite = await callGraph(sandbox, await appToken(sandbox, CONTOSO), path(diego.id));
      expect(readWrite.status).toBe(200);
    } finally {
      await consent('DELETE', '?type=application&permission=MailboxSettings.ReadWrite');
      await consent('POST', '', { type: 'application', permissions: ['MailboxSettings.Read'] });
    }
  });

  it('lets a delegated caller read only their own, and only with the scope', async () => {
    const withScope = await userToken(sandbox, diego, 'User.Read MailboxSettings.Read');
    const own = await callGraph(sandbox, withScope, '/me/mailboxSettings/automaticRepliesSetting');
    expect(own.status).toBe(200);
    expect(own.body['@odata.context']).toMatch(/#me\/mailboxSettings\/automaticRepliesSetting$/);
    const colleague = await callGraph<GraphErrorBody>(
      sandbox,
      withScope,
      path(person('Alex Wilber').id),
    );
    expect(colleague.status).toBe(403);
    const without = await callGraph<GraphErrorBody>(
      sandbox,
      await userToken(sandbox, diego, 'User.Read Mail.Read'),
      '/me/mailboxSettings/automaticRepliesSetting',
    );
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('ErrorAccessDenied');
  });
});
