/**
 * The typed API client the tab, the add-in and the tests use. It knows the routes and
 * their shapes; it does not know where tokens come from (the caller passes getToken).
 */
import type { ErrorBody, Page } from './common';
import type {
  Me,
  Person,
  Team,
  CreateTeamRequest,
  ListPeopleQuery,
  TeamsFromHierarchyQuery,
  TeamsFromHierarchyReport,
  UpdateTeamRequest,
} from './people';
import type {
  AlignmentTree,
  CheckInRequest,
  CheckInWithComments,
  Comment,
  CreateCommentRequest,
  CreateCycleRequest,
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  Cycle,
  Deliverable,
  Dependencies,
  KeyResult,
  KeyResultDetail,
  ListObjectivesQuery,
  MyOkrs,
  NarrativeEvent,
  NarrativeQuery,
  Objective,
  ObjectiveDetail,
  ScoreOverrideRequest,
  UpdateCycleRequest,
  UpdateDeliverableRequest,
  UpdateKeyResultRequest,
  UpdateObjectiveRequest,
} from './okrs';
import type {
  Digest,
  DigestQuery,
  JobName,
  JobRunResult,
  RiskReport,
  RisksQuery,
  TenantSettings,
  UpdateSettingsRequest,
} from './risks';
import type {
  ActionItem,
  AddNoteRequest,
  CreateActionItemRequest,
  ListOneOnOnesQuery,
  OneOnOneDetail,
  OneOnOneNote,
  OneOnOneSummary,
  UpdateActionItemRequest,
} from './one-on-ones';
import type { AddAdminRequest, AdminRoster, OrgSyncStatus, SetupState } from './admins';
import type { ImportQuery, ImportReport } from './imports';
import type {
  AttachDocumentRequest,
  AttachEmailRequest,
  AttachLinkRequest,
  AttachMeetingRequest,
  DocumentSearchResult,
  Evidence,
  EvidenceLocation,
  MailboxCopy,
} from './evidence';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['error']['details'],
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The first message about a field, for showing next to that field in a form. */
  fieldMessage(field: string): string | undefined {
    if (!Array.isArray(this.details)) return undefined;
    return this.details.find(
      (detail) => detail.path === `body.${field}` || detail.path.startsWith(`body.${field}.`),
    )?.message;
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** A file sent as the body itself (an import), instead of JSON. */
  file?: Blob;
}

/** What the pages need to know before sign-in; served without a token. */
export interface ClientConfig {
  clientId: string;
  apiResource: string;
  publicUrl: string;
  teamsAppId: string | null;
  devSignInUrl: string | null;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export function createApiClient(options: ApiClientOptions) {
  const doFetch =
    options.fetch ?? ((input: string | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/$/, '');

  async function request<T>(
    method: string,
    path: string,
    request: RequestOptions = {},
  ): Promise<T> {
    const url = new URL(
      `${base}/api${path}`,
      (globalThis as { location?: { href: string } }).location?.href,
    );
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null && value !== '')
        url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${await options.getToken()}`,
    };
    if (request.file) headers['content-type'] = 'application/octet-stream';
    else if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body:
          request.file ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
        signal: request.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'network_error',
        'Could not reach Throughline. Check your connection and try again.',
      );
    }
    const text = await response.text();
    const data = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = (data as ErrorBody | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `The server answered ${response.status}.`,
        error?.details,
        data,
      );
    }
    return data as T;
  }

  const post = <T>(path: string, body: unknown, idempotencyKey = newIdempotencyKey()) =>
    request<T>('POST', path, { body, idempotencyKey });

  return {
    request,
    me: () => request<Me>('GET', '/me'),
    people: {
      list: (query: Partial<ListPeopleQuery> = {}) =>
        request<Page<Person>>('GET', '/people', { query }),
      get: (id: string) => request<Person>('GET', `/people/${encodeURIComponent(id)}`),
    },
    teams: {
      list: () => request<Page<Team>>('GET', '/teams'),
      get: (id: string) => request<Team>('GET', `/teams/${encodeURIComponent(id)}`),
      create: (body: CreateTeamRequest, key?: string) => post<Team>('/teams', body, key),
      update: (id: string, body: UpdateTeamRequest) =>
        request<Team>('PATCH', `/teams/${encodeURIComponent(id)}`, { body }),
      /** One team per manager from the manager hierarchy; `dryRun: 'true'` (the default) writes nothing. */
      fromHierarchy: (query: TeamsFromHierarchyQuery = {}) =>
        request<TeamsFromHierarchyReport>('POST', '/admin/teams/from-hierarchy', {
          query,
          body: {},
        }),
    },
    cycles: {
      list: () => request<Page<Cycle>>('GET', '/cycles'),
      create: (body: CreateCycleRequest, key?: string) => post<Cycle>('/cycles', body, key),
      update: (id: string, body: UpdateCycleRequest) =>
        request<Cycle>('PATCH', `/cycles/${encodeURIComponent(id)}`, { body }),
      close: (id: string, key?: string) =>
        post<Cycle>(`/cycles/${encodeURIComponent(id)}/close`, {}, key),
      alignmentTree: (id: string, query: { teamId?: string; atRiskOnly?: boolean } = {}) =>
        request<AlignmentTree>('GET', `/cycles/${encodeURIComponent(id)}/alignment-tree`, {
          query,
        }),
    },
    objectives: {
      list: (query: ListObjectivesQuery = {}) =>
        request<Page<Objective>>('GET', '/objectives', { query: query as RequestOptions['query'] }),
      get: (id: string) => request<ObjectiveDetail>('GET', `/objectives/${encodeURIComponent(id)}`),
      create: (body: CreateObjectiveRequest, key?: string) =>
        post<Objective>('/objectives', body, key),
      update: (id: string, body: UpdateObjectiveRequest) =>
        request<Objective>('PATCH', `/objectives/${encodeURIComponent(id)}`, { body }),
      overrideScore: (id: string, body: ScoreOverrideRequest, key?: string) =>
        post<Objective>(`/objectives/${encodeURIComponent(id)}/score`, body, key),
    },
    keyResults: {
      get: (id: string) =>
        request<KeyResultDetail>('GET', `/key-results/${encodeURIComponent(id)}`),
      create: (body: CreateKeyResultRequest, key?: string) =>
        post<KeyResult>('/key-results', body, key),
      update: (id: string, body: UpdateKeyResultRequest) =>
        request<KeyResult>('PATCH', `/key-results/${encodeURIComponent(id)}`, { body }),
      checkIn: (id: string, body: CheckInRequest, key?: string) =>
        post<KeyResult>(`/key-results/${encodeURIComponent(id)}/check-ins`, body, key),
      checkIns: (id: string) =>
        request<Page<CheckInWithComments>>(
          'GET',
          `/key-results/${encodeURIComponent(id)}/check-ins`,
        ),
      overrideScore: (id: string, body: ScoreOverrideRequest, key?: string) =>
        post<KeyResult>(`/key-results/${encodeURIComponent(id)}/score`, body, key),
    },
    checkIns: {
      comment: (id: string, body: CreateCommentRequest, key?: string) =>
        post<Comment>(`/check-ins/${encodeURIComponent(id)}/comments`, body, key),
    },
    deliverables: {
      create: (body: CreateDeliverableRequest, key?: string) =>
        post<Deliverable>('/deliverables', body, key),
      update: (id: string, body: UpdateDeliverableRequest) =>
        request<Deliverable>('PATCH', `/deliverables/${encodeURIComponent(id)}`, { body }),
    },
    myOkrs: (cycleId?: string) => request<MyOkrs>('GET', '/my-okrs', { query: { cycleId } }),
    dependencies: (query: { teamId?: string; personId?: string; cycleId?: string }) =>
      request<Dependencies>('GET', '/dependencies', { query }),
    evidence: {
      attachEmail: (body: AttachEmailRequest, key?: string) =>
        post<Evidence>('/evidence/email', body, key),
      attachDocument: (body: AttachDocumentRequest, key?: string) =>
        post<Evidence>('/evidence/document', body, key),
      attachMeeting: (body: AttachMeetingRequest, key?: string) =>
        post<Evidence>('/evidence/meeting', body, key),
      attachLink: (body: AttachLinkRequest, key?: string) =>
        post<Evidence>('/evidence/link', body, key),
      searchDocuments: (query: { q: string; limit?: number }) =>
        request<DocumentSearchResult>('GET', '/documents', { query }),
      list: (query: { keyResultId?: string; deliverableId?: string; includeRemoved?: boolean }) =>
        request<Page<Evidence>>('GET', '/evidence', { query }),
      byMessage: (query: { messageId?: string; internetMessageId?: string }) =>
        request<Page<EvidenceLocation>>('GET', '/evidence/by-message', { query }),
      get: (id: string) => request<EvidenceLocation>('GET', `/evidence/${encodeURIComponent(id)}`),
      myCopy: (id: string) =>
        request<MailboxCopy>('GET', `/evidence/${encodeURIComponent(id)}/my-copy`),
      remove: (id: string) => request<Evidence>('DELETE', `/evidence/${encodeURIComponent(id)}`),
    },
    setup: {
      get: () => request<SetupState>('GET', '/setup'),
      becomeFirstAdmin: () => post<AdminRoster>('/setup/first-admin', {}),
    },
    imports: {
      run: (file: Blob, query: ImportQuery) =>
        request<ImportReport>('POST', '/admin/import', { file, query }),
    },
    orgSync: {
      status: () => request<OrgSyncStatus>('GET', '/admin/org-sync'),
      /** Starts a run (202); its progress and outcome are in the status. */
      start: () => request<OrgSyncStatus>('POST', '/admin/org-sync', { body: {} }),
    },
    admins: {
      list: () => request<AdminRoster>('GET', '/admins'),
      add: (body: AddAdminRequest) => request<AdminRoster>('POST', '/admins', { body }),
      remove: (personId: string) =>
        request<AdminRoster>('DELETE', `/admins/${encodeURIComponent(personId)}`),
    },
    // ---- Risks, weekly digest and 1-on-1 prep cards (issue 7) ----------------------
    settings: {
      get: () => request<TenantSettings>('GET', '/settings'),
      update: (body: UpdateSettingsRequest) =>
        request<TenantSettings>('PATCH', '/settings', { body }),
    },
    risks: (query: RisksQuery = {}) => request<RiskReport>('GET', '/risks', { query }),
    digest: (query: DigestQuery = {}) => request<Digest>('GET', '/digest', { query }),
    oneOnOnes: {
      list: (query: ListOneOnOnesQuery = {}) =>
        request<Page<OneOnOneSummary>>('GET', '/one-on-ones', { query }),
      get: (id: string) => request<OneOnOneDetail>('GET', `/one-on-ones/${encodeURIComponent(id)}`),
      byEvent: (eventId: string) =>
        request<OneOnOneDetail>('GET', `/one-on-ones/by-event/${encodeURIComponent(eventId)}`),
      byChat: (chatId: string) =>
        request<OneOnOneDetail>('GET', `/one-on-ones/by-chat/${encodeURIComponent(chatId)}`),
      addNote: (id: string, body: AddNoteRequest, key?: string) =>
        post<OneOnOneNote>(`/one-on-ones/${encodeURIComponent(id)}/notes`, body, key),
      addActionItem: (id: string, body: CreateActionItemRequest, key?: string) =>
        post<ActionItem>(`/one-on-ones/${encodeURIComponent(id)}/action-items`, body, key),
      updateActionItem: (id: string, itemId: string, body: UpdateActionItemRequest) =>
        request<ActionItem>(
          'PATCH',
          `/one-on-ones/${encodeURIComponent(id)}/action-items/${encodeURIComponent(itemId)}`,
          { body },
        ),
    },
    runJob: (name: JobName) =>
      post<JobRunResult>(`/admin/jobs/${encodeURIComponent(name)}/run`, {}),
    // ---- end of issue 7 ---------------------------------------------------------------
    clientConfig: () => request<ClientConfig>('GET', '/client-config'),
    narrative: (query: NarrativeQuery) =>
      request<Page<NarrativeEvent>>('GET', '/narrative', {
        query: query as RequestOptions['query'],
      }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {
      error: { code: 'invalid_response', message: 'The server sent an answer that is not JSON.' },
    };
  }
}
