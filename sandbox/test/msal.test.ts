/**
 * The server gets Graph tokens with @azure/msal-node: on-behalf-of for a signed-in
 * person, client credentials for background jobs. With the production authority
 * (https://login.microsoftonline.com/<tenant>) and only `authorityMetadata` pointing at
 * the sandbox identity provider, both grants work and the tokens open the emulator.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, sandboxApp, type RunningSandbox } from '../src';
import { callGraph, person, startTestSandbox } from './support';

let sandbox: RunningSandbox;
const diego = person('Diego Siciliani');

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.stop());

function throughlineApi(tenantId: string) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: sandboxApp.clientId,
      clientSecret: sandboxApp.clientSecret,
      authority: `https://login.microsoftonline.com/${tenantId}`,
      authorityMetadata: JSON.stringify({
        issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
        token_endpoint: `${sandbox.identityUrl}/${tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${sandbox.identityUrl}/${tenantId}/oauth2/v2.0/authorize`,
        jwks_uri: `${sandbox.identityUrl}/${tenantId}/discovery/v2.0/keys`,
      }),
    },
  });
}

describe('msal-node against the sandbox identity provider', () => {
  it("exchanges a person's API token on-behalf-of for a Graph token that reads their mail", async () => {
    const apiToken = await sandbox.identity.issueUserToken({
      tenantId: CONTOSO_TENANT_ID,
      userId: diego.id,
    });
    const result = await throughlineApi(CONTOSO_TENANT_ID).acquireTokenOnBehalfOf({
      oboAssertion: apiToken,
      scopes: ['https://graph.microsoft.com/Mail.Read'],
    });
    expect(result?.accessToken).toBeTruthy();
    expect(result?.account?.homeAccountId).toContain(diego.id);
    const messages = await callGraph<{ value: unknown[] }>(
      sandbox,
      result!.accessToken,
      '/me/messages?$top=3&$select=subject',
    );
    expect(messages.status).toBe(200);
    expect(messages.body.value).toHaveLength(3);
  });

  it('grants only the scopes asked for: a Mail.Read token cannot list the directory', async () => {
    const apiToken = await sandbox.identity.issueUserToken({
      tenantId: CONTOSO_TENANT_ID,
      userId: diego.id,
    });
    const result = await throughlineApi(CONTOSO_TENANT_ID).acquireTokenOnBehalfOf({
      oboAssertion: apiToken,
      scopes: ['https://graph.microsoft.com/Mail.Read'],
    });
    const users = await callGraph<{ error: { code: string } }>(
      sandbox,
      result!.accessToken,
      '/users',
    );
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe('Authorization_RequestDenied');
  });

  it("gets an app-only token with client credentials that reads anyone's mailbox in its tenant but not /me", async () => {
    const result = await throughlineApi(CONTOSO_TENANT_ID).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const token = result!.accessToken;
    const mailbox = await callGraph<{ value: unknown[] }>(
      sandbox,
      token,
      `/users/${diego.id}/messages?$top=1`,
    );
    expect(mailbox.status).toBe(200);
    const me = await callGraph<{ error: { code: string; message: string } }>(sandbox, token, '/me');
    expect(me.status).toBe(400);
    expect(me.body.error.message).toBe(
      '/me request is only valid with delegated authentication flow.',
    );
  });

  it("keeps an app-only token inside its tenant: Fabrikam's token does not find Contoso's people", async () => {
    const result = await throughlineApi(FABRIKAM_TENANT_ID).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const answer = await callGraph<{ error: { code: string } }>(
      sandbox,
      result!.accessToken,
      `/users/${diego.id}`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('Request_ResourceNotFound');
  });

  describe('admin consent', () => {
    const sara = person('Sara Davis');
    const consent = (method: string, query = '') =>
      callGraph<{ delegated: string[]; application: string[] }>(
        sandbox,
        undefined,
        `/_sandbox/tenants/${FABRIKAM_TENANT_ID}/consent${query}`,
        { method },
      );
    const onBehalfOfSara = async () =>
      throughlineApi(FABRIKAM_TENANT_ID).acquireTokenOnBehalfOf({
        oboAssertion: await sandbox.identity.issueUserToken({
          tenantId: FABRIKAM_TENANT_ID,
          userId: sara.id,
        }),
        scopes: ['https://graph.microsoft.com/.default'],
      });
    afterAll(() => consent('POST'));

    it('puts exactly the consented delegated permissions in scp for .default', async () => {
      const granted = (await consent('GET')).body;
      expect(granted.delegated).toEqual(
        ['Calendars.Read', 'Files.Read.All', 'Mail.Read', 'User.Read'].sort(),
      );
      const result = await onBehalfOfSara();
      const claims = JSON.parse(
        Buffer.from(result!.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as { scp: string };
      expect(claims.scp.split(' ').sort()).toEqual(granted.delegated);
      expect(claims.scp).not.toContain('Chat.Create');
    });

    it('refuses the on-behalf-of exchange with AADSTS65001 once delegated consent is revoked', async () => {
      await consent('DELETE', '?type=delegated');
      const error = (await onBehalfOfSara().catch((caught: unknown) => caught)) as {
        errorCode?: string;
        errorMessage?: string;
      };
      expect(error.errorCode).toBe('invalid_grant');
      expect(error.errorMessage).toMatch(/AADSTS65001/);
      await consent('POST');
      expect((await onBehalfOfSara())!.accessToken).toBeTruthy();
    });

    it('issues an app-only token without roles when nothing is consented, and Graph refuses it as Graph does', async () => {
      await consent('DELETE', '?type=application&permission=User.Read.All');
      const result = await throughlineApi(FABRIKAM_TENANT_ID).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      const claims = JSON.parse(
        Buffer.from(result!.accessToken.split('.')[1]!, 'base64url').toString(),
      ) as { roles?: string[] };
      expect(claims.roles).not.toContain('User.Read.All');
      const refused = await callGraph<{ error: { code: string; message: string } }>(
        sandbox,
        result!.accessToken,
        '/users',
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('Authorization_RequestDenied');
      await consent('DELETE', '?type=application');
      const bare = await throughlineApi(FABRIKAM_TENANT_ID).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      });
      expect(
        JSON.parse(Buffer.from(bare!.accessToken.split('.')[1]!, 'base64url').toString()),
      ).not.toHaveProperty('roles');
    });
  });
});
