/**
 * The directory: `/users` (paged, `$top`, `$select`, `$expand=manager`), `/users/delta`
 * (a first round of pages ending in a deltaLink, then only what changed since — added or
 * changed users, and removed ones as `{ id, @removed: { reason } }`), `/users/{id}`,
 * `/me`, `/users/{id}/manager` and `/users/{id}/directReports`.
 */
import { DIRECTORY_ROLES } from '../seed/organisation';
import { stableGuid } from '../seed/ids';
import { Router, type Request, type Response } from 'express';
import { permissions, requirePermission } from './auth';
import { callerOf, type GraphContext } from './context';
import { errors, GraphError } from './errors';
import {
  applySelect,
  contextUrl,
  decodeToken,
  encodeToken,
  parsePrefer,
  parseSelect,
  parseTop,
  queryString,
} from './odata';
import type { TenantState, UserRecord } from './store';

const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const USER_PROPERTIES = [
  ...DEFAULT_PROPERTIES,
  'department',
  'accountEnabled',
  'createdDateTime',
  'companyName',
  'usageLocation',
  'userType',
  'employeeId',
  'city',
  'country',
];
const selectOptions = {
  known: USER_PROPERTIES,
  always: ['id'],
  typeName: 'microsoft.graph.user',
  errorCode: 'Request_BadRequest',
};

export function userResource(user: UserRecord, tenant: TenantState): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: user.officeLocation || null,
    preferredLanguage: 'en-US',
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    department: user.department,
    accountEnabled: true,
    createdDateTime: user.createdDateTime,
    companyName: tenant.name,
    usageLocation: 'US',
    userType: 'Member',
    employeeId: null,
    city: user.officeLocation || null,
    country: null,
  };
}

/** `$select` if given, else Graph's default user properties. */
function shapeUser(
  user: UserRecord,
  tenant: TenantState,
  select: string[] | undefined,
): Record<string, unknown> {
  return applySelect(userResource(user, tenant), select ?? DEFAULT_PROPERTIES, selectOptions);
}

interface Expand {
  manager: { select: string[] | undefined } | undefined;
}

function parseExpand(req: Request): Expand {
  const raw = queryString(req, '$expand');
  if (!raw) return { manager: undefined };
  const match = raw.match(/^manager(?:\(\$select=([^)]+)\))?$/i);
  if (!match)
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Expansion of '${raw}' is not supported by the sandbox; only manager is.`,
    );
  return { manager: { select: match[1]?.split(',').map((item) => item.trim()) } };
}

function withManager(
  shaped: Record<string, unknown>,
  user: UserRecord,
  tenant: TenantState,
  expand: Expand,
) {
  if (!expand.manager || !user.managerId) return shaped;
  const manager = tenant.users.get(user.managerId);
  if (!manager) return shaped;
  return {
    ...shaped,
    manager: {
      '@odata.type': '#microsoft.graph.user',
      ...shapeUser(manager, tenant, expand.manager.select),
    },
  };
}

function directoryObject(user: UserRecord, tenant: TenantState, select: string[] | undefined) {
  return { '@odata.type': '#microsoft.graph.user', ...shapeUser(user, tenant, select) };
}

interface PageToken {
  tid: string;
  offset: number;
  top: number;
  select?: string[];
  expand?: string;
}

interface DeltaToken {
  tid: string;
  /** Changes after this sequence number belong to the next round. */
  since: number;
  /** The round's upper bound (fixed when the round starts). */
  until?: number;
  offset?: number;
  select?: string[];
  expand?: string;
}

export function usersRoutes(ctx: GraphContext): Router {
  const router = Router();

  /** The user a directory request is about; others need User.ReadBasic.All or more. */
  function directoryTarget(req: Request, res: Response) {
    const { principal, tenant } = callerOf(ctx, res);
    const param = req.params.userId as string | undefined;
    let user: UserRecord | undefined;
    if (param === undefined) {
      if (principal.isApp) throw errors.meNeedsDelegated();
      user = tenant.users.get(principal.userId ?? '');
    } else {
      user = ctx.store.findUser(tenant, param);
    }
    if (!user) throw errors.userNotFound(param ?? principal.userId ?? 'me');
    requirePermission(
      principal,
      !principal.isApp && user.id === principal.userId
        ? permissions.userReadSelf
        : permissions.userReadAll,
    );
    return { tenant, user };
  }

  function listPage(req: Request, res: Response, tenant: TenantState, token: PageToken) {
    const users = [...tenant.users.values()];
    const page = users.slice(token.offset, token.offset + token.top);
    const expand: Expand = token.expand
      ? { manager: { select: token.expand === '*' ? undefined : token.expand.split(',') } }
      : { manager: undefined };
    const next =
      token.offset + token.top < users.length
        ? { ...token, offset: token.offset + token.top }
        : undefined;
    const selectPart = token.select ? `(${token.select.join(',')})` : '';
    res.json({
      '@odata.context': contextUrl(ctx.serviceRoot(), `users${selectPart}`),
      ...(next
        ? {
            '@odata.nextLink': `${ctx.serviceRoot()}/users?$top=${token.top}&$skiptoken=${encodeToken({ ...next })}`,
          }
        : {}),
      value: page.map((user) =>
        withManager(shapeUser(user, tenant, token.select), user, tenant, expand),
      ),
    });
  }

  router.get('/users', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.userReadAll);
    const skiptoken = queryString(req, '$skiptoken');
    if (skiptoken) {
      const token = decodeToken<PageToken>(skiptoken);
      if (token.tid !== tenant.id)
        throw new GraphError(
          400,
          'Request_BadRequest',
          'The $skiptoken belongs to another tenant.',
        );
      listPage(req, res, tenant, token);
      return;
    }
    const select = parseSelect(req);
    if (select)
      applySelect(userResource([...tenant.users.values()][0]!, tenant), select, selectOptions);
    const filter = queryString(req, '$filter');
    if (filter && !/^\s*accountEnabled\s+eq\s+true\s*$/i.test(filter)) {
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        'The sandbox supports only $filter=accountEnabled eq true on /users.',
      );
    }
    const expand = parseExpand(req);
    listPage(req, res, tenant, {
      tid: tenant.id,
      offset: 0,
      top: parseTop(req, 100, 999),
      select,
      expand: expand.manager ? (expand.manager.select?.join(',') ?? '*') : undefined,
    });
  });

  router.get('/users/delta', (req, res) => {
    const { principal, tenant } = callerOf(ctx, res);
    requirePermission(principal, permissions.userReadAll);
    const prefer = parsePrefer(req);
    const pageSize = Math.max(1, Math.min(Number(prefer.get('odata.maxpagesize')) || 200, 999));
    if (prefer.has('odata.maxpagesize'))
      res.setHeader('Preference-Applied', `odata.maxpagesize=${pageSize}`);
    const skiptoken = queryString(req, '$skiptoken');
    const deltatoken = queryString(req, '$deltatoken');
    let state: DeltaToken & { phase: 'initial' | 'changes' };
    if (skiptoken) {
      state = decodeToken(skiptoken);
    } else if (deltatoken) {
      state = {
        ...decodeToken<DeltaToken>(deltatoken),
        phase: 'changes',
        until: tenant.seq,
        offset: 0,
      };
    } else {
      const select = parseSelect(req);
      if (select)
        applySelect(userResource([...tenant.users.values()][0]!, tenant), select, selectOptions);
      const expand = parseExpand(req);
      state = {
        tid: tenant.id,
        phase: 'initial',
        since: 0,
        until: tenant.seq,
        offset: 0,
        select,
        expand: expand.manager ? (expand.manager.select?.join(',') ?? '*') : undefined,
      };
    }
    if (state.tid !== tenant.id)
      throw new GraphError(400, 'Request_BadRequest', 'The delta token belongs to another tenant.');
    const until = state.until ?? tenant.seq;
    const offset = state.offset ?? 0;

    // A round lists users as they are now; removals are listed after the users.
    const changed = [...tenant.users.values()].filter(
      (user) => state.phase === 'initial' || (user.seq > state.since && user.seq <= until),
    );
    const removed =
      state.phase === 'initial'
        ? []
        : [...tenant.removed.entries()].filter(
            ([, entry]) => entry.seq > state.since && entry.seq <= until,
          );
    const entries: Array<Record<string, unknown>> = [
      ...changed.map((user) => {
        const shaped = shapeUser(user, tenant, state.select);
        if (!state.expand) return shaped;
        return {
          ...shaped,
          'manager@delta': user.managerId
            ? [{ '@odata.type': '#microsoft.graph.user', id: user.managerId }]
            : [],
        };
      }),
      ...removed.map(([id, entry]) => ({ id, '@removed': { reason: entry.reason } })),
    ];
    const page = entries.slice(offset, offset + pageSize);
    const isLast = offset + pageSize >= entries.length;
    const base = `${ctx.serviceRoot()}/users/delta`;
    const link = isLast
      ? {
          '@odata.deltaLink': `${base}?$deltatoken=${encodeToken({ tid: tenant.id, since: until, select: state.select, expand: state.expand })}`,
        }
      : {
          '@odata.nextLink': `${base}?$skiptoken=${encodeToken({ ...state, until, offset: offset + pageSize })}`,
        };
    res.json({ '@odata.context': contextUrl(ctx.serviceRoot(), 'users'), ...link, value: page });
  });

  for (const base of ['/me', '/users/:userId']) {
    router.get(base, (req, res) => {
      const { tenant, user } = directoryTarget(req, res);
      const select = parseSelect(req);
      const expand = parseExpand(req);
      res.json({
        '@odata.context': contextUrl(
          ctx.serviceRoot(),
          `users${select ? `(${select.join(',')})` : ''}/$entity`,
        ),
        ...withManager(shapeUser(user, tenant, select), user, tenant, expand),
      });
    });

    router.get(`${base}/manager`, (req, res) => {
      const { tenant, user } = directoryTarget(req, res);
      const manager = user.managerId ? tenant.users.get(user.managerId) : undefined;
      if (!manager) throw errors.userNotFound('manager');
      res.json({
        '@odata.context': contextUrl(ctx.serviceRoot(), 'directoryObjects/$entity'),
        ...directoryObject(manager, tenant, parseSelect(req)),
      });
    });

    // Directory roles only: the sandbox has no groups. `/memberOf/microsoft.graph.directoryRole` casts to them.
    router.get(
      [`${base}/memberOf`, `${base}/memberOf/microsoft.graph.directoryRole`],
      (req, res) => {
        const { tenant, user } = directoryTarget(req, res);
        const roles = Object.values(DIRECTORY_ROLES).filter((role) =>
          user.directoryRoles.includes(role.roleTemplateId),
        );
        res.json({
          '@odata.context': contextUrl(ctx.serviceRoot(), 'directoryObjects'),
          value: roles.map((role) => ({
            '@odata.type': '#microsoft.graph.directoryRole',
            id: stableGuid(tenant.id, 'directoryRole', role.roleTemplateId),
            deletedDateTime: null,
            description: role.displayName,
            displayName: role.displayName,
            roleTemplateId: role.roleTemplateId,
          })),
        });
      },
    );

    router.get(`${base}/directReports`, (req, res) => {
      const { tenant, user } = directoryTarget(req, res);
      const select = parseSelect(req);
      const reports = ctx.store.reports(tenant).get(user.id) ?? [];
      res.json({
        '@odata.context': contextUrl(ctx.serviceRoot(), 'directoryObjects'),
        value: reports.map((report) =>
          directoryObject(tenant.users.get(report.id)!, tenant, select),
        ),
      });
    });
  }
  return router;
}
