/**
 * Org sync: people and their managers from Microsoft Graph's `/users/delta`, app-only.
 *
 * The first run reads the whole directory (`$expand=manager($select=id)` brings each
 * person's manager on the same page, so no request per person), and ends with a
 * deltaLink; later runs start from it and read only what changed. After every page the
 * link to the next page is saved, so a run that dies resumes where it stopped instead of
 * starting over. Progress (pages, people seen, created, updated, deactivated) is in the
 * status while it runs. Someone removed from the directory becomes `isActive: false`;
 * their OKRs stay theirs.
 */
import type { Db } from 'mongodb';
import type { Person } from '@throughline/contracts';
import type { Config } from '../config';
import type { GraphApi, GraphClients } from '../platform/graph/client';
import { toAppError } from '../platform/graph/client';
import {
  graphStateStore,
  type OrgSyncProgress,
  type OrgSyncState,
} from '../platform/graph/state-store';
import type { Logger } from '../platform/log/logger';
import { loadPeopleIndex, writePeople } from './org-sync-store';
import type { StoredPerson } from './store';

const USER_FIELDS = [
  'id',
  'displayName',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'accountEnabled',
].join(',');

interface DeltaUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  'manager@delta'?: Array<{ id: string }>;
  '@removed'?: { reason: string };
}

interface DeltaPage {
  value: DeltaUser[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface OrgSyncDeps {
  db: Db;
  graph: GraphClients;
  config: Pick<Config, 'ORG_SYNC_PAGE_SIZE' | 'ORG_SYNC_INTERVAL_MINUTES'>;
  log: Logger;
  clock: () => Date;
}

export type OrgSyncStatus = OrgSyncProgress & {
  hasDeltaLink: boolean;
  /** When the scheduled job syncs this tenant next; null while a run is going or with the job off. */
  nextRunAt: Date | null;
};

/** A run still "running" after this long was cut off (the server stopped); the job runs again. */
const STALE_RUN_MS = 60 * 60_000;

const idleProgress = (): OrgSyncProgress => ({
  state: 'idle',
  runId: null,
  mode: null,
  startedAt: null,
  finishedAt: null,
  pages: 0,
  seen: 0,
  created: 0,
  updated: 0,
  deactivated: 0,
  graphRequests: 0,
  error: null,
});

/** The person a directory entry describes, given what we had (a manager not reported this round stays). */
export function personFromDirectory(user: DeltaUser, previous: StoredPerson | undefined): Person {
  const managers = user['manager@delta'];
  return {
    id: user.id,
    displayName: user.displayName ?? previous?.displayName ?? user.userPrincipalName ?? user.id,
    mail: user.mail ?? user.userPrincipalName ?? previous?.mail ?? null,
    jobTitle:
      user.jobTitle ?? (user.displayName === undefined ? (previous?.jobTitle ?? null) : null),
    department:
      user.department ?? (user.displayName === undefined ? (previous?.department ?? null) : null),
    managerId: managers ? (managers[0]?.id ?? null) : (previous?.managerId ?? null),
    isActive: user.accountEnabled !== false,
  };
}

function isSamePerson(a: Person, b: StoredPerson): boolean {
  return (
    a.displayName === b.displayName &&
    a.mail === (b.mail ?? null) &&
    a.jobTitle === (b.jobTitle ?? null) &&
    a.department === (b.department ?? null) &&
    a.managerId === (b.managerId ?? null) &&
    a.isActive === (b.isActive ?? true)
  );
}

export function createOrgSync(deps: OrgSyncDeps) {
  const states = graphStateStore(deps.db);
  const running = new Map<string, { begun: Promise<void>; done: Promise<OrgSyncStatus> }>();

  const intervalMs = deps.config.ORG_SYNC_INTERVAL_MINUTES * 60_000;

  async function status(tenantId: string): Promise<OrgSyncStatus> {
    const state = await states.readOrgSync(tenantId);
    const progress = state?.progress ?? idleProgress();
    return { ...progress, hasDeltaLink: !!state?.deltaLink, nextRunAt: nextRunOf(progress) };
  }

  function nextRunOf(progress: OrgSyncProgress): Date | null {
    if (intervalMs === 0 || !progress.startedAt) return null;
    const startedAt = new Date(progress.startedAt).getTime();
    if (progress.state === 'running')
      return startedAt + STALE_RUN_MS < deps.clock().getTime() ? deps.clock() : null;
    const endedAt = progress.finishedAt ? new Date(progress.finishedAt).getTime() : startedAt;
    return new Date(endedAt + intervalMs);
  }

  async function run(tenantId: string, onBegun: () => void): Promise<OrgSyncStatus> {
    const previous = (await states.readOrgSync(tenantId)) ?? {
      tenantId,
      deltaLink: null,
      resumeLink: null,
      progress: idleProgress(),
    };
    const mode: 'full' | 'delta' =
      previous.deltaLink || (previous.resumeLink && previous.progress.mode === 'delta')
        ? 'delta'
        : 'full';
    const isResumed = !!previous.resumeLink;
    const state: OrgSyncState = {
      ...previous,
      progress: {
        ...idleProgress(),
        state: 'running',
        runId: `${deps.clock().getTime()}`,
        mode,
        startedAt: deps.clock(),
      },
    };
    // One run per tenant across servers: not while another runs (unless it went stale),
    // and of two servers that see the last run ended, only the one whose claim lands.
    const startedAt = previous.progress.startedAt
      ? new Date(previous.progress.startedAt).getTime()
      : 0;
    const isAnotherRunning =
      previous.progress.state === 'running' && startedAt + STALE_RUN_MS > deps.clock().getTime();
    // The run after run X is claimed under X: an insert, which lands once (a replace
    // conditional on "not running" let two servers through on FerretDB).
    const claimPrefix = `orgsync-${tenantId}-`;
    const claim = `${claimPrefix}${previous.progress.runId ?? 'first'}`;
    const now = deps.clock();
    if (
      isAnotherRunning ||
      !(await states.claimOnce(tenantId, claim, now, new Date(now.getTime() - STALE_RUN_MS)))
    ) {
      onBegun();
      return status(tenantId);
    }
    await states.forgetClaims(tenantId, claimPrefix, claim);
    await states.writeOrgSync(state);
    onBegun();
    const log = deps.log.child({ tenantId, orgSync: state.progress.runId });
    log.info({ mode, isResumed }, 'org sync started');
    const graph = deps.graph.forApp(tenantId);
    const people = await loadPeopleIndex(deps.db, tenantId);
    const seen = new Set<string>();
    try {
      let link = previous.resumeLink ?? previous.deltaLink;
      for (;;) {
        const page = await readPage(graph, link);
        state.progress.graphRequests += 1;
        await applyPage(tenantId, page.value, people, seen, state.progress);
        state.progress.pages += 1;
        if (page['@odata.nextLink']) {
          link = page['@odata.nextLink'];
          state.resumeLink = link;
          await states.writeOrgSync(state);
          log.info(
            {
              pages: state.progress.pages,
              seen: state.progress.seen,
              created: state.progress.created,
              updated: state.progress.updated,
            },
            'org sync progress',
          );
          continue;
        }
        // A full round that ran start to finish saw everyone still in the directory.
        if (mode === 'full' && !isResumed)
          await deactivateUnseen(tenantId, people, seen, state.progress);
        state.deltaLink = page['@odata.deltaLink'] ?? null;
        state.resumeLink = null;
        break;
      }
      state.progress = { ...state.progress, state: 'succeeded', finishedAt: deps.clock() };
      await states.writeOrgSync(state);
      log.info(
        {
          ...state.progress,
          ms: state.progress.finishedAt!.getTime() - state.progress.startedAt!.getTime(),
        },
        'org sync finished',
      );
    } catch (error) {
      const appError = toAppError(
        error,
        'the directory (application permission User.Read.All)',
      ) as Error;
      state.progress = {
        ...state.progress,
        state: 'failed',
        finishedAt: deps.clock(),
        error: appError.message,
      };
      await states.writeOrgSync(state);
      log.warn(
        { err: { name: appError.name, message: appError.message }, pages: state.progress.pages },
        'org sync failed; the next run resumes from the last page saved',
      );
    }
    return {
      ...state.progress,
      hasDeltaLink: !!state.deltaLink,
      nextRunAt: nextRunOf(state.progress),
    };
  }

  function readPage(graph: GraphApi, link: string | null): Promise<DeltaPage> {
    const prefer = { Prefer: `odata.maxpagesize=${deps.config.ORG_SYNC_PAGE_SIZE}` };
    if (link) return graph.getLink<DeltaPage>(link, prefer);
    return graph.get<DeltaPage>(
      `/users/delta?$select=${USER_FIELDS}&$expand=manager($select=id)`,
      prefer,
    );
  }

  async function applyPage(
    tenantId: string,
    users: DeltaUser[],
    people: Map<string, StoredPerson>,
    seen: Set<string>,
    progress: OrgSyncProgress,
  ) {
    const inserts: Person[] = [];
    const replaces: Person[] = [];
    for (const user of users) {
      progress.seen += 1;
      seen.add(user.id);
      const before = people.get(user.id);
      const after = user['@removed']
        ? before
          ? { ...personFromDirectory({ id: user.id }, before), isActive: false }
          : null
        : personFromDirectory(user, before);
      if (!after || (before && isSamePerson(after, before))) continue;
      if (before) {
        replaces.push(after);
        if (before.isActive !== false && !after.isActive) progress.deactivated += 1;
        else progress.updated += 1;
      } else {
        inserts.push(after);
        progress.created += 1;
      }
      people.set(after.id, { ...after });
    }
    await writePeople(deps.db, tenantId, { inserts, replaces }, deps.clock());
  }

  async function deactivateUnseen(
    tenantId: string,
    people: Map<string, StoredPerson>,
    seen: Set<string>,
    progress: OrgSyncProgress,
  ) {
    const gone = [...people.values()]
      .filter((person) => !seen.has(person.id) && person.isActive !== false)
      .map((person) => ({ ...personFromDirectory({ id: person.id }, person), isActive: false }));
    progress.deactivated += gone.length;
    await writePeople(deps.db, tenantId, { inserts: [], replaces: gone }, deps.clock());
  }

  return {
    status,
    /**
     * Starts a run (or joins the one already running for this tenant in this process).
     * `begun` settles once the status says "running", so a caller that answers with the
     * status never shows the previous run's; `done` settles with the outcome.
     */
    start(tenantId: string): { begun: Promise<void>; done: Promise<OrgSyncStatus> } {
      const inFlight = running.get(tenantId);
      if (inFlight) return inFlight;
      let markBegun!: () => void;
      const begun = new Promise<void>((resolve) => (markBegun = resolve));
      const done = run(tenantId, markBegun).finally(() => {
        markBegun();
        running.delete(tenantId);
      });
      const handle = { begun, done };
      running.set(tenantId, handle);
      return handle;
    },
    isRunning: (tenantId: string) => running.has(tenantId),
    /**
     * The scheduled job: every tenant whose sync was ever started (the first admin's setup
     * starts it) and whose last run ended an interval ago, so a run started by hand
     * postpones the next one and a restart does not sync everyone again at once.
     */
    async syncDueTenants(now: Date): Promise<void> {
      for (const tenantId of await states.orgSyncTenants()) {
        const next = (await status(tenantId)).nextRunAt;
        if (next && next.getTime() <= now.getTime()) await this.start(tenantId).done;
      }
    },
  };
}

export type OrgSync = ReturnType<typeof createOrgSync>;
