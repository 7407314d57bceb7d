/**
 * The workbench: Throughline's surfaces tried as a demo person, without a Microsoft 365
 * tenant. The sandbox's root is its home page (the demo tenants and people, and a way into
 * each surface as one of them); `/workbench/outlook` is a mail client over the person's
 * sandbox mailbox with the add-in's production panes docked beside it, talking to them as
 * Outlook does through the Office.js stand-in the sandbox serves at `/workbench/office.js`.
 *
 * The mail client reads the mailbox from the emulator's store, not through Graph: Outlook
 * reads mail from Exchange, so the Graph calls the server makes are the only Graph traffic
 * (request counts and injected faults stay the server's), and each message is still shown
 * in the JSON Graph returns for it (`messageResource`, the emulator's own shape).
 */
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { GraphStore, TenantState } from '../graph/store';
import type { IdentityProvider } from '../identity/identity-provider';
import type { SigningKeys } from '../identity/keys';
import type { BotFramework } from '../bot-framework/bot-framework';
import type { TeamsRecorder } from '../graph/teams';
import { mailboxOf } from './mailbox';
import { brokerNestedAppToken } from './nested-app-auth';
import { homePage, outlookPage, teamsPage, type ProductAddresses } from './pages';
import { teamsViewOf } from './teams-data';

export interface WorkbenchOptions {
  store: GraphStore;
  identity: IdentityProvider;
  keys: SigningKeys;
  identityUrl: () => string;
  /** What Teams' services recorded (activity feed items), once Graph's stand-in runs. */
  teams: () => TeamsRecorder | undefined;
  botFramework: BotFramework;
}

/** A person's action in the workbench's bot chat, sent on to the bot as Teams sends it. */
const BotAction = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('execute'),
    tenant: z.string().min(1),
    person: z.string().min(1),
    replyToId: z.string().min(1),
    /** A refresh when the card is shown, or a press of one of its buttons. */
    trigger: z.enum(['automatic', 'manual']),
    action: z.object({
      id: z.string().optional(),
      verb: z.string().min(1),
      data: z.unknown().optional(),
    }),
  }),
  z.object({
    kind: z.literal('submit'),
    tenant: z.string().min(1),
    person: z.string().min(1),
    replyToId: z.string().min(1),
    data: z.unknown(),
  }),
  z.object({
    kind: z.literal('message'),
    tenant: z.string().min(1),
    person: z.string().min(1),
    text: z.string().min(1).max(4000),
  }),
]);

export interface Workbench {
  router: express.Router;
  /** Where the server serves the tab, the add-in and the API; until then the pages say it is not running. */
  connectProduct(addresses: ProductAddresses): void;
}

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/workbench/office.js': {
    file: 'office-stand-in.js',
    type: 'application/javascript; charset=utf-8',
  },
  '/workbench/outlook.js': {
    file: 'outlook-client.js',
    type: 'application/javascript; charset=utf-8',
  },
  '/workbench/workbench.css': { file: 'workbench.css', type: 'text/css; charset=utf-8' },
  '/workbench/teams-host.js': {
    file: 'teams-host.js',
    type: 'application/javascript; charset=utf-8',
  },
  '/workbench/teams.js': { file: 'teams-client.js', type: 'application/javascript; charset=utf-8' },
  // Microsoft's Adaptive Cards renderer, which Teams renders bot cards with.
  '/workbench/adaptivecards.js': {
    file: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
};

export function createWorkbench(options: WorkbenchOptions): Workbench {
  let product: ProductAddresses | null = null;
  const router = express.Router();

  const personOf = (req: Request) => {
    const tenant = options.store.tenant(String(req.query.tenant ?? ''));
    const person = tenant?.users.get(String(req.query.person ?? ''));
    return tenant && person ? { tenant, person } : null;
  };

  router.get('/', (_req, res) => {
    sendHtml(
      res,
      homePage({ tenants: [...options.store.tenants.values()].map(summaryOf), product }),
      product,
    );
  });

  // Each surface as one demo person; anyone else is sent back to choose one.
  for (const [route, page] of [
    ['/workbench/outlook', outlookPage],
    ['/workbench/teams', teamsPage],
  ] as const) {
    router.get(route, (req, res) => {
      const found = personOf(req);
      if (!found) {
        res.redirect(303, '/');
        return;
      }
      sendHtml(
        res,
        page({ tenantName: found.tenant.name, person: found.person, product }),
        product,
      );
    });
  }

  router.get('/workbench/api/teams', (req, res) => {
    const found = personOf(req);
    if (!found) {
      notADemoPerson(res);
      return;
    }
    res.json(
      teamsViewOf(
        {
          store: options.store,
          teams: options.teams(),
          botFramework: options.botFramework,
          serverUrl: product?.serverUrl ?? null,
        },
        found.tenant,
        found.person,
      ),
    );
  });

  router.post('/workbench/api/bot', express.json(), async (req, res) => {
    const parsed = BotAction.safeParse(req.body);
    if (!parsed.success) {
      res
        .status(400)
        .json({ error: { code: 'invalid_request', message: z.prettifyError(parsed.error) } });
      return;
    }
    const body = parsed.data;
    const person = options.store.tenant(body.tenant)?.users.get(body.person);
    if (!product || !person) {
      res.status(product ? 404 : 503).json({
        error: product
          ? { code: 'person_not_found', message: 'No such demo person.' }
          : { code: 'server_not_running', message: 'The Throughline server is not running.' },
      });
      return;
    }
    const common = {
      endpoint: `${product.serverUrl}/api/messages`,
      tenantId: body.tenant,
      fromUserId: person.id,
    };
    try {
      const answer =
        body.kind === 'execute'
          ? await options.botFramework.deliver({
              ...common,
              type: 'invoke',
              name: 'adaptiveCard/action',
              replyToId: body.replyToId,
              value: {
                action: { type: 'Action.Execute', ...body.action },
                trigger: body.trigger,
              },
            })
          : body.kind === 'submit'
            ? await options.botFramework.deliver({
                ...common,
                type: 'message',
                replyToId: body.replyToId,
                value: body.data,
              })
            : await options.botFramework.deliver({ ...common, type: 'message', text: body.text });
      res.json({ status: answer.status, body: answer.body });
    } catch (error) {
      res.status(502).json({
        error: {
          code: 'bot_unreachable',
          message: `Could not reach the bot: ${(error as Error).message}`,
        },
      });
    }
  });

  router.get('/workbench/api/mailbox', (req, res) => {
    const found = personOf(req);
    if (!found) {
      notADemoPerson(res);
      return;
    }
    res.json(mailboxOf(options.store, found.tenant, found.person.id));
  });

  router.post('/workbench/api/token', express.json(), async (req, res) => {
    const answer = await brokerNestedAppToken(req.body, {
      findPerson: (tenantId, userId) => options.store.tenant(tenantId)?.users.get(userId),
      identity: options.identity,
      keys: options.keys,
      issuer: (tenantId) => `${options.identityUrl()}/${tenantId}/v2.0`,
    });
    res.status(answer.status).json(answer.body);
  });

  for (const [route, { file, type }] of Object.entries(STATIC_FILES)) {
    router.get(route, (_req, res) => {
      res.setHeader('content-type', type);
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.isAbsolute(file) ? file : path.join(__dirname, file));
    });
  }

  return {
    router,
    connectProduct(addresses) {
      product = addresses;
    },
  };
}

export interface TenantSummary {
  id: string;
  name: string;
  isGenerated: boolean;
  peopleCount: number;
  people: { id: string; displayName: string; jobTitle: string; isAdmin: boolean }[];
}

/** A generated tenant can hold 10,000 people: the home page lists the first of them. */
const LISTED_PEOPLE = 40;

function summaryOf(tenant: TenantState): TenantSummary {
  const people = [...tenant.users.values()];
  return {
    id: tenant.id,
    name: tenant.name,
    isGenerated: tenant.isGenerated,
    peopleCount: people.length,
    people: people
      .slice(0, LISTED_PEOPLE)
      .map(({ id, displayName, jobTitle, isAdmin }) => ({ id, displayName, jobTitle, isAdmin })),
  };
}

function notADemoPerson(res: Response) {
  res.status(404).json({ error: { code: 'person_not_found', message: 'No such demo person.' } });
}

function sendHtml(res: Response, html: string, product: ProductAddresses | null) {
  const server = product ? new URL(product.serverUrl).origin : "'none'";
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  // The workbench's own pages run only their own script; the panes are framed from the server.
  res.setHeader(
    'content-security-policy',
    `default-src 'self'; frame-src ${server}; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'`,
  );
  res.send(html);
}
