/**
 * A local identity provider that behaves like Entra ID's v2 endpoints for Throughline:
 * OpenID configuration, JWKS, RS256 access tokens with the v2 claims, the on-behalf-of
 * grant and client credentials on the token endpoint, and a development sign-in for the
 * demo people. The issuer is `{base}/{tenant}/v2.0`, shaped like
 * https://login.microsoftonline.com/{tenant}/v2.0, so the server's validation is the
 * same code it runs against Entra ID.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import {
  CONTOSO_TENANT_ID,
  findSeedPerson,
  sandboxApp,
  sandboxBot,
  seedTenants,
  type SeedPerson,
} from '../seed/organisation';
import { ConsentLedger } from './consent';
import type { SigningKeys } from './keys';

export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The resource a bot asks a token for to call the Bot Connector, and the `aud` of that token. */
export const BOT_FRAMEWORK_RESOURCE = 'https://api.botframework.com';
/** The home tenant of the sandbox's single-tenant bot registration. */
export const SANDBOX_BOT_HOME_TENANT_ID = CONTOSO_TENANT_ID;
export const TEAMS_DESKTOP_CLIENT_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

export interface TokenRequest {
  tenantId: string;
  userId: string;
  audience?: string;
  scope?: string;
  expiresInSeconds?: number;
  clientId?: string;
}

export interface IdentityProvider {
  router: express.Router;
  issueUserToken(request: TokenRequest): Promise<string>;
  /** How many tokens each grant has issued (tests read it to prove caching). */
  counters: Record<string, number>;
}

function oauthError(res: Response, status: number, error: string, description: string) {
  res.status(status).json({
    error,
    error_description: description,
    error_codes: [status === 401 ? 7000215 : 900144],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

/** Who exists: the seed by default; the running sandbox adds generated tenants. */
export interface IdentityDirectory {
  hasTenant(tenantId: string): boolean;
  findPerson(tenantId: string, personId: string): SeedPerson | undefined;
}

const seedDirectory: IdentityDirectory = {
  hasTenant: (tenantId) => seedTenants.some((tenant) => tenant.id === tenantId),
  findPerson: findSeedPerson,
};

export function createIdentityProvider(options: {
  keys: SigningKeys;
  baseUrl: () => string;
  directory?: IdentityDirectory;
  /** What each tenant's admin consented to (every tenant consented, unless given). */
  consent?: ConsentLedger;
}): IdentityProvider {
  const { keys } = options;
  const consent = options.consent ?? new ConsentLedger();
  const directory = options.directory ?? seedDirectory;
  const counters: Record<string, number> = { user: 0, onBehalfOf: 0, clientCredentials: 0 };
  const issuer = (tenantId: string) => `${options.baseUrl()}/${tenantId}/v2.0`;

  async function sign(
    claims: Record<string, unknown>,
    tenantId: string,
    audience: string,
    expiresInSeconds: number,
  ) {
    const now = Math.floor(Date.now() / 1000);
    const key = keys.current;
    return new SignJWT({ ...claims, tid: tenantId, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer(tenantId))
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(Math.min(now, now + expiresInSeconds - 60))
      .setExpirationTime(now + expiresInSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  function userClaims(person: SeedPerson) {
    return {
      oid: person.id,
      sub: person.id.replace(/-/g, '').slice(0, 22),
      name: person.displayName,
      preferred_username: person.userPrincipalName,
      ...(person.isAdmin ? { roles: [sandboxApp.adminRole] } : {}),
    };
  }

  async function issueUserToken(request: TokenRequest) {
    const person = directory.findPerson(request.tenantId, request.userId);
    if (!person) throw new Error('unknown person');
    counters.user! += 1;
    return sign(
      {
        ...userClaims(person),
        scp: request.scope ?? 'access_as_user',
        azp: request.clientId ?? TEAMS_DESKTOP_CLIENT_ID,
        azpacr: '0',
      },
      request.tenantId,
      request.audience ?? sandboxApp.clientId,
      request.expiresInSeconds ?? 3600,
    );
  }

  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));
  router.use('/dev', express.json());
  // The development sign-in is called from the tab and add-in pages on another origin.
  router.use('/dev', (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'content-type');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const base = options.baseUrl();
    const tenant = req.params.tenant;
    res.json({
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer:
        tenant === 'common' || tenant === 'organizations'
          ? `${base}/{tenantid}/v2.0`
          : issuer(tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    res.json({ keys: keys.publicKeys });
  });

  router.post('/:tenant/oauth2/v2.0/token', async (req: Request, res: Response) => {
    const tenantId = req.params.tenant as string;
    const body = req.body as Record<string, string | undefined>;
    const basic = req.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':')
      : [];
    const clientId = body.client_id ?? basic[0];
    const clientSecret = body.client_secret ?? basic[1];
    if (!directory.hasTenant(tenantId)) {
      oauthError(res, 400, 'invalid_request', `AADSTS90002: Tenant '${tenantId}' not found.`);
      return;
    }
    if (clientId === sandboxBot.appId) {
      await issueBotToken(tenantId, clientSecret, body, res);
      return;
    }
    if (clientId !== sandboxApp.clientId || clientSecret !== sandboxApp.clientSecret) {
      oauthError(res, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      return;
    }
    const scope = body.scope ?? '';
    const resourceScopes = scope
      .split(' ')
      .filter((item) => !['openid', 'profile', 'offline_access', 'email'].includes(item));
    const resource = resourceScopes[0]?.replace(/\/[^/]*$/, '') ?? 'https://graph.microsoft.com';

    if (body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (body.requested_token_use !== 'on_behalf_of' || !body.assertion) {
        oauthError(
          res,
          400,
          'invalid_request',
          "AADSTS900144: The request body must contain the following parameter: 'assertion'.",
        );
        return;
      }
      let assertion;
      try {
        assertion = (
          await jwtVerify(body.assertion, keys.resolve, {
            issuer: issuer(tenantId),
            audience: sandboxApp.clientId,
          })
        ).payload;
      } catch (error) {
        oauthError(
          res,
          400,
          'invalid_grant',
          `AADSTS50013: Assertion failed signature validation. ${(error as Error).message}`,
        );
        return;
      }
      const person = directory.findPerson(tenantId, String(assertion.oid));
      if (!person) {
        oauthError(
          res,
          400,
          'invalid_grant',
          'AADSTS50034: The user account does not exist in this directory.',
        );
        return;
      }
      // `.default` stands for what the admin consented; Entra puts those scopes in `scp`,
      // and refuses the exchange when nothing (or not what was asked for) was consented.
      const consented = consent.granted(tenantId, 'delegated');
      const asked = resourceScopes.flatMap((item) =>
        item.endsWith('/.default') ? consented : [item.replace(/^.*\//, '')],
      );
      const missing = asked.filter((item) => !consented.includes(item));
      if (
        resource === 'https://graph.microsoft.com' &&
        (asked.length === 0 || missing.length > 0)
      ) {
        oauthError(
          res,
          400,
          'invalid_grant',
          `AADSTS65001: The user or administrator has not consented to use the application with ID '${sandboxApp.clientId}' named 'Throughline'. Send an interactive authorization request for this user and resource.`,
        );
        return;
      }
      counters.onBehalfOf! += 1;
      const scp = asked.join(' ');
      const accessToken = await sign(
        { ...userClaims(person), scp, azp: sandboxApp.clientId, app_displayname: 'Throughline' },
        tenantId,
        resource,
        3600,
      );
      const idToken = await sign({ ...userClaims(person) }, tenantId, sandboxApp.clientId, 3600);
      res.json({
        token_type: 'Bearer',
        scope: resourceScopes.join(' '),
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
        id_token: idToken,
        client_info: Buffer.from(JSON.stringify({ uid: person.id, utid: tenantId })).toString(
          'base64url',
        ),
      });
      return;
    }
    if (body.grant_type === 'client_credentials') {
      if (!/\/\.default$/.test(scope)) {
        oauthError(
          res,
          400,
          'invalid_scope',
          'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
        );
        return;
      }
      counters.clientCredentials! += 1;
      const accessToken = await sign(
        {
          oid: sandboxApp.clientId,
          sub: sandboxApp.clientId,
          azp: sandboxApp.clientId,
          idtyp: 'app',
          // Only the application permissions an admin granted; Entra leaves the claim out when there are none.
          ...(consent.granted(tenantId, 'application').length > 0
            ? { roles: consent.granted(tenantId, 'application') }
            : {}),
        },
        tenantId,
        resource,
        3600,
      );
      res.json({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
      });
      return;
    }
    oauthError(
      res,
      400,
      'unsupported_grant_type',
      `AADSTS70003: The app requested an unsupported grant type '${body.grant_type ?? ''}'.`,
    );
  });

  /**
   * The bot's own token for the Bot Connector: client credentials of the Azure Bot's app
   * registration in its home tenant, for `https://api.botframework.com/.default` only —
   * what Entra ID answers for a single-tenant bot (another tenant does not know the app).
   */
  async function issueBotToken(
    tenantId: string,
    clientSecret: string | undefined,
    body: Record<string, string | undefined>,
    res: Response,
  ) {
    if (tenantId !== SANDBOX_BOT_HOME_TENANT_ID) {
      oauthError(
        res,
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${sandboxBot.appId}' was not found in the directory '${tenantId}'.`,
      );
      return;
    }
    if (clientSecret !== sandboxBot.appPassword) {
      oauthError(res, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      return;
    }
    if (body.grant_type !== 'client_credentials') {
      oauthError(
        res,
        400,
        'unsupported_grant_type',
        `AADSTS70003: The app requested an unsupported grant type '${body.grant_type ?? ''}'.`,
      );
      return;
    }
    if (body.scope !== `${BOT_FRAMEWORK_RESOURCE}/.default`) {
      oauthError(
        res,
        400,
        'invalid_scope',
        `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${body.scope ?? ''} is not valid.`,
      );
      return;
    }
    counters.clientCredentials! += 1;
    const accessToken = await sign(
      {
        oid: sandboxBot.appId,
        sub: sandboxBot.appId,
        azp: sandboxBot.appId,
        appid: sandboxBot.appId,
        idtyp: 'app',
      },
      tenantId,
      BOT_FRAMEWORK_RESOURCE,
      3600,
    );
    res.json({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  /** Development sign-in: the demo people, and a token for one of them. Never in production. */
  router.get('/dev/people', (_req, res) => {
    res.json({
      tenants: seedTenants.map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        people: tenant.people.map(
          ({ id, displayName, jobTitle, department, mail, managerId, isAdmin }) => ({
            id,
            displayName,
            jobTitle,
            department,
            mail,
            managerId,
            isAdmin,
          }),
        ),
      })),
    });
  });

  router.post('/dev/token', async (req, res) => {
    const request = req.body as Partial<TokenRequest>;
    if (typeof request.tenantId !== 'string' || typeof request.userId !== 'string') {
      res
        .status(400)
        .json({ error: 'invalid_request', error_description: 'tenantId and userId are required.' });
      return;
    }
    if (!directory.findPerson(request.tenantId, request.userId)) {
      res.status(404).json({ error: 'invalid_request', error_description: 'No such demo person.' });
      return;
    }
    const token = await issueUserToken(request as TokenRequest);
    res.json({
      token_type: 'Bearer',
      access_token: token,
      expires_in: request.expiresInSeconds ?? 3600,
      claims: decodeJwt(token),
    });
  });

  return { router, issueUserToken, counters };
}
