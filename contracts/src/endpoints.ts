/**
 * Every endpoint of the API, declared once (see endpoint.ts). The tree's shape is the
 * typed client's shape (`api.keyResults.checkIn(id, body)`), and each endpoint's path in
 * it (`keyResults.checkIn`) is its OpenAPI operation id.
 */
import { z } from 'zod';
import { EmptyRequest, Page } from './common';
import { FileAnswer, endpoint, type EndpointLink } from './endpoint';
import * as people from './people';
import * as okrs from './okrs';
import * as evidence from './evidence';
import * as risks from './risks';
import * as oneOnOnes from './one-on-ones';
import * as admins from './admins';
import * as imports from './imports';
import * as quarter from './quarter';
import * as excel from './excel';

/** What the pages need to know before sign-in; served without a token. */
export const ClientConfig = z.object({
  clientId: z.string(),
  apiResource: z.string(),
  publicUrl: z.string(),
  teamsAppId: z.string().nullable(),
  devSignInUrl: z.string().nullable(),
  /**
   * Origins besides Microsoft's that may host the tab and speak teams-js to it (its
   * `validMessageOrigins`): the local workbench standing in for Teams; empty in production.
   */
  hostOrigins: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof ClientConfig>;

const versioned = 'Send the version you read: a stale version is 409 version_conflict.';
const closedCycle = 'Writes to an objective or key result of a closed cycle are 409 cycle_closed.';

/*
 * Links (OpenAPI Link Objects) from an answer to what can be done next with it, so a
 * client — and the fuzzer's stateful phase — can go create → read → edit → …
 */
const ID = '$response.body#/id';
const FIRST_ITEM_ID = '$response.body#/items/0/id';
/** The operation on the thing just answered (or on `id` read from elsewhere in it). */
const on = (operationId: string, id = ID): EndpointLink => ({ operationId, parameters: { id } });
/** An edit of the thing just answered: its id and the version just read. */
const edit = (operationId: string): EndpointLink => ({
  ...on(operationId),
  requestBody: { version: '$response.body#/version' },
});
/** Another operation, with these fields of its body taken from the answer. */
const withBody = (operationId: string, requestBody: Record<string, unknown>): EndpointLink => ({
  operationId,
  parameters: {},
  requestBody,
});
/** Another operation, with these query parameters taken from the answer. */
const withQuery = (operationId: string, query: Record<string, string>): EndpointLink => ({
  operationId,
  parameters: Object.fromEntries(
    Object.entries(query).map(([name, value]) => [`query.${name}`, value]),
  ),
});
const attachTo = (kind: 'keyResult' | 'deliverable') =>
  Object.fromEntries(
    ['attachEmail', 'attachDocument', 'attachMeeting', 'attachLink'].map((name) => [
      name,
      withBody(`evidence.${name}`, { target: { kind, id: ID } }),
    ]),
  );
const evidenceLinks = {
  get: on('evidence.get'),
  myCopy: on('evidence.myCopy'),
  remove: on('evidence.remove'),
};

export const endpoints = {
  clientConfig: endpoint({
    method: 'GET',
    path: '/client-config',
    summary: 'What the pages need before sign-in',
    response: ClientConfig,
    public: true,
  }),
  me: endpoint({
    method: 'GET',
    path: '/me',
    summary: 'The signed-in person',
    response: people.Me,
    links: {
      person: on('people.get', '$response.body#/person/id'),
      narrative: withQuery('narrative', { personId: '$response.body#/person/id' }),
      digest: withQuery('digest', { personId: '$response.body#/person/id' }),
      risks: withQuery('risks', { personId: '$response.body#/person/id' }),
      dependencies: withQuery('dependencies', { personId: '$response.body#/person/id' }),
    },
  }),
  preferences: {
    get: endpoint({
      method: 'GET',
      path: '/me/preferences',
      summary: 'The signed-in person’s own preferences: the weekly check-in card in Teams',
      response: people.MyPreferences,
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/me/preferences',
      summary: 'Turn one’s own weekly check-in card in Teams off or back on',
      description:
        'Only ever the caller’s own. Off, the bot posts them no check-in card, not even when an admin runs the job; back on, the next run posts it (a snooze from the card still holds until its Monday). The organisation’s checkInReminders setting comes first.',
      body: people.UpdateMyPreferencesRequest,
      response: people.MyPreferences,
    }),
  },
  people: {
    list: endpoint({
      method: 'GET',
      path: '/people',
      summary: 'People in the organisation',
      query: people.ListPeopleQuery,
      response: Page(people.Person),
      links: {
        next: {
          operationId: 'people.list',
          parameters: { cursor: '$response.body#/nextCursor' },
          description: 'The next page, while nextCursor is not null.',
        },
        first: on('people.get', FIRST_ITEM_ID),
        makeAdmin: withBody('admins.add', { personId: FIRST_ITEM_ID }),
      },
    }),
    get: endpoint({
      method: 'GET',
      path: '/people/{id}',
      summary: 'One person',
      response: people.Person,
    }),
  },
  teams: {
    list: endpoint({
      method: 'GET',
      path: '/teams',
      summary: 'Teams',
      response: Page(people.Team),
      links: { first: on('teams.get', FIRST_ITEM_ID) },
    }),
    get: endpoint({
      method: 'GET',
      path: '/teams/{id}',
      summary: 'One team',
      response: people.Team,
    }),
    create: endpoint({
      method: 'POST',
      path: '/teams',
      summary: 'Create a team (admins)',
      description: 'An unknown lead or member is 400 validation_failed.',
      body: people.CreateTeamRequest,
      response: people.Team,
      status: 201,
      idempotent: true,
      links: {
        get: on('teams.get'),
        update: edit('teams.update'),
        narrative: withQuery('narrative', { teamId: ID }),
        dependencies: withQuery('dependencies', { teamId: ID }),
        risks: withQuery('risks', { teamId: ID }),
        digest: withQuery('digest', { teamId: ID }),
      },
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/teams/{id}',
      summary: 'Rename a team, set its lead, parent team or members (admins)',
      description: `${versioned} A parent that would make the team its own ancestor is 400 team_parent_loop.`,
      body: people.UpdateTeamRequest,
      response: people.Team,
    }),
    // Not under an Idempotency-Key: a key is bound to the path, not the query, so a dry
    // run's answer could be replayed for the real run. The run itself creates nothing twice.
    fromHierarchy: endpoint({
      method: 'POST',
      path: '/admin/teams/from-hierarchy',
      summary: 'Create one team per manager from the manager hierarchy (admins)',
      description:
        'Each team is led by a manager, has their direct reports as members and the team of their own manager as parent. dryRun=true (the default) writes nothing; a second run creates nothing new.',
      query: people.TeamsFromHierarchyQuery,
      body: EmptyRequest,
      response: people.TeamsFromHierarchyReport,
      links: { first: on('teams.get', '$response.body#/created/0/id') },
    }),
  },
  cycles: {
    list: endpoint({
      method: 'GET',
      path: '/cycles',
      summary: 'Cycles, newest first',
      query: EmptyRequest,
      response: Page(okrs.Cycle),
      links: { review: on('cycles.review', FIRST_ITEM_ID) },
    }),
    create: endpoint({
      method: 'POST',
      path: '/cycles',
      summary: 'Create a cycle (admins)',
      body: okrs.CreateCycleRequest,
      response: okrs.Cycle,
      status: 201,
      idempotent: true,
      links: {
        alignmentTree: on('cycles.alignmentTree'),
        update: edit('cycles.update'),
        close: on('cycles.close'),
        review: on('cycles.review'),
        createObjective: withBody('objectives.create', { cycleId: ID }),
        objectives: withQuery('objectives.list', { cycleId: ID }),
        myOkrs: withQuery('myOkrs', { cycleId: ID }),
        risks: withQuery('risks', { cycleId: ID }),
        businessReview: withQuery('businessReview.get', { cycleId: ID }),
        deck: withQuery('businessReview.deck', { cycleId: ID }),
        import: withQuery('imports.run', { cycleId: ID }),
      },
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/cycles/{id}',
      summary: 'Rename an open cycle or change its dates or kind (admins)',
      description: `${versioned} A closed cycle is 409 cycle_closed.`,
      body: okrs.UpdateCycleRequest,
      response: okrs.Cycle,
    }),
    close: endpoint({
      method: 'POST',
      path: '/cycles/{id}/close',
      summary: 'Close a cycle and record scores (admins)',
      body: EmptyRequest,
      response: okrs.Cycle,
      idempotent: true,
    }),
    review: endpoint({
      method: 'GET',
      path: '/cycles/{id}/review',
      summary: 'The objectives and key results of a cycle with their scores, for closing it',
      description:
        'Open cycle: the score closing would record (suggestedScore). Closed cycle: the recorded score, any override and its reason. Objectives the caller may not see are left out.',
      query: quarter.CycleReviewQuery,
      response: quarter.CycleReview,
      links: {
        next: {
          operationId: 'cycles.review',
          parameters: { id: '$request.path.id', cursor: '$response.body#/nextCursor' },
          description: 'The next page, while nextCursor is not null.',
        },
      },
    }),
    alignmentTree: endpoint({
      method: 'GET',
      path: '/cycles/{id}/alignment-tree',
      summary: 'The alignment tree of a cycle with roll-up progress',
      query: okrs.AlignmentTreeQuery,
      response: okrs.AlignmentTree,
    }),
  },
  businessReview: {
    get: endpoint({
      method: 'GET',
      path: '/business-review',
      summary: 'A business review of a team and its sub-teams, or of one person, for a cycle',
      description:
        'The alignment tree with progress and scores, each key result’s trend, the risks, deliverables done and blocked, and the evidence the caller may see as numbered footnotes. Give teamId or personId.',
      query: quarter.BusinessReviewQuery,
      response: quarter.BusinessReview,
    }),
    deck: endpoint({
      method: 'GET',
      path: '/business-review/deck',
      summary: 'The business review as a PowerPoint deck',
      query: quarter.BusinessReviewQuery,
      download: {
        mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      },
      response: FileAnswer,
    }),
  },
  myOkrs: endpoint({
    method: 'GET',
    path: '/my-okrs',
    summary: 'My objectives and key results in a cycle',
    description:
      'Without cycleId, the current cycle: the open non-year cycle today falls in, else any cycle today falls in, else the newest.',
    query: okrs.MyOkrsQuery,
    response: okrs.MyOkrs,
  }),
  dependencies: endpoint({
    method: 'GET',
    path: '/dependencies',
    summary: 'What a team or person waits on, and who waits on them',
    description: 'teamId or personId is required.',
    query: okrs.DependenciesQuery,
    response: okrs.Dependencies,
  }),
  objectives: {
    list: endpoint({
      method: 'GET',
      path: '/objectives',
      summary: 'Objectives, filtered and paged',
      query: okrs.ListObjectivesQuery,
      response: Page(okrs.Objective),
      links: {
        next: {
          operationId: 'objectives.list',
          parameters: { cursor: '$response.body#/nextCursor' },
          description: 'The next page, while nextCursor is not null.',
        },
      },
    }),
    create: endpoint({
      method: 'POST',
      path: '/objectives',
      summary: 'Create an objective',
      description: closedCycle,
      body: okrs.CreateObjectiveRequest,
      response: okrs.Objective,
      status: 201,
      idempotent: true,
      links: {
        get: on('objectives.get'),
        update: edit('objectives.update'),
        overrideScore: on('objectives.overrideScore'),
        carryOver: on('objectives.carryOver'),
        addLearning: on('objectives.addLearning'),
        addKeyResult: withBody('keyResults.create', { objectiveId: ID }),
        addDeliverable: withBody('deliverables.create', { objectiveId: ID }),
        narrative: withQuery('narrative', { objectiveId: ID }),
      },
    }),
    get: endpoint({
      method: 'GET',
      path: '/objectives/{id}',
      summary: 'An objective with its key results and deliverables',
      description:
        'A private objective the caller may not see is 404, exactly as one that does not exist.',
      response: okrs.ObjectiveDetail,
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/objectives/{id}',
      summary: 'Edit an objective',
      description: `${versioned} ${closedCycle}`,
      body: okrs.UpdateObjectiveRequest,
      response: okrs.Objective,
    }),
    overrideScore: endpoint({
      method: 'POST',
      path: '/objectives/{id}/score',
      summary: 'Score an objective, with a reason',
      description:
        'Open cycle: the score closing records as the override (proposedScore). Closed cycle: overrides the recorded score; the computed one stays beside it.',
      body: okrs.ScoreOverrideRequest,
      response: okrs.Objective,
      idempotent: true,
    }),
    carryOver: endpoint({
      method: 'POST',
      path: '/objectives/{id}/carry-over',
      summary: 'Copy an unfinished objective and its unfinished key results to a later cycle',
      description:
        'The copy links back (carriedFrom) and the original forward (carriedTo); key results start where they ended. An objective goes to one cycle only: carrying it again to the same cycle answers the same copy, to another is 409 already_carried_over. A finished objective is 409 objective_finished.',
      body: quarter.CarryOverRequest,
      response: okrs.Objective,
      status: 201,
      idempotent: true,
      links: { get: on('objectives.get') },
    }),
    addLearning: endpoint({
      method: 'POST',
      path: '/objectives/{id}/learnings',
      summary: 'Note what we learned (the retrospective), as owner or contributor',
      description:
        'Open to the owner, contributors, their managers and admins, in closed cycles too.',
      body: okrs.AddLearningRequest,
      response: okrs.Learning,
      status: 201,
      idempotent: true,
    }),
  },
  keyResults: {
    create: endpoint({
      method: 'POST',
      path: '/key-results',
      summary: 'Add a key result to an objective',
      description: closedCycle,
      body: okrs.CreateKeyResultRequest,
      response: okrs.KeyResult,
      status: 201,
      idempotent: true,
      links: {
        get: on('keyResults.get'),
        update: edit('keyResults.update'),
        overrideScore: on('keyResults.overrideScore'),
        checkIn: edit('keyResults.checkIn'),
        checkIns: on('keyResults.checkIns'),
        linkExcel: edit('keyResults.linkExcel'),
        unlinkExcel: {
          operationId: 'keyResults.unlinkExcel',
          parameters: { id: ID, 'query.version': '$response.body#/version' },
        },
        addDeliverable: withBody('deliverables.create', { keyResultId: ID }),
        evidence: withQuery('evidence.list', { keyResultId: ID }),
        narrative: withQuery('narrative', { keyResultId: ID }),
        ...attachTo('keyResult'),
      },
    }),
    get: endpoint({
      method: 'GET',
      path: '/key-results/{id}',
      summary: 'A key result with check-ins, comments and deliverables',
      response: okrs.KeyResultDetail,
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/key-results/{id}',
      summary: 'Edit a key result',
      description: `${versioned} ${closedCycle}`,
      body: okrs.UpdateKeyResultRequest,
      response: okrs.KeyResult,
    }),
    overrideScore: endpoint({
      method: 'POST',
      path: '/key-results/{id}/score',
      summary: 'Score a key result, with a reason',
      description:
        'Open cycle: the score closing records as the override (proposedScore). Closed cycle: overrides the recorded score; the computed one stays beside it.',
      body: okrs.ScoreOverrideRequest,
      response: okrs.KeyResult,
      idempotent: true,
    }),
    checkIn: endpoint({
      method: 'POST',
      path: '/key-results/{id}/check-ins',
      summary: 'Check in: value, confidence, status, note',
      description: `${versioned} ${closedCycle}`,
      body: okrs.CheckInRequest,
      response: okrs.KeyResult,
      status: 201,
      idempotent: true,
      links: {
        checkIns: { operationId: 'keyResults.checkIns', parameters: { id: '$request.path.id' } },
      },
    }),
    checkIns: endpoint({
      method: 'GET',
      path: '/key-results/{id}/check-ins',
      summary: 'Check-ins of a key result with their comments',
      response: Page(okrs.CheckInWithComments),
      links: { comment: on('checkIns.comment', FIRST_ITEM_ID) },
    }),
    linkExcel: endpoint({
      method: 'POST',
      path: '/key-results/{id}/excel-source',
      summary: 'Feed a key result from one cell or named range of an Excel workbook',
      description: `${versioned} ${closedCycle} Only those who may edit the key result link it. The workbook (a sharing URL, or drive and item ids) is read on behalf of the caller first: a workbook they cannot open is 404 source_not_found or 403 source_access_denied, a file that is no .xlsx workbook, or a sheet or name it does not hold, is 400 validation_failed, and nothing is linked. A cell that holds no number yet is linked, with excelState.lastError saying so. Linking again replaces the link.`,
      body: excel.LinkExcelSourceRequest,
      response: okrs.KeyResultDetail,
      idempotent: true,
    }),
    unlinkExcel: endpoint({
      method: 'DELETE',
      path: '/key-results/{id}/excel-source',
      summary: 'Stop feeding a key result from Excel (its check-ins stay)',
      description: `${versioned} Only those who may edit the key result unlink it; a key result with no link is 404 excel_source_not_found.`,
      query: excel.UnlinkExcelSourceQuery,
      response: okrs.KeyResultDetail,
    }),
  },
  checkIns: {
    comment: endpoint({
      method: 'POST',
      path: '/check-ins/{id}/comments',
      summary: 'Comment on or give feedback on a check-in',
      body: okrs.CreateCommentRequest,
      response: okrs.Comment,
      status: 201,
      idempotent: true,
    }),
  },
  deliverables: {
    create: endpoint({
      method: 'POST',
      path: '/deliverables',
      summary: 'Add a deliverable',
      body: okrs.CreateDeliverableRequest,
      response: okrs.Deliverable,
      status: 201,
      idempotent: true,
      links: {
        update: edit('deliverables.update'),
        evidence: withQuery('evidence.list', { deliverableId: ID }),
        ...attachTo('deliverable'),
      },
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/deliverables/{id}',
      summary: 'Edit a deliverable',
      description: versioned,
      body: okrs.UpdateDeliverableRequest,
      response: okrs.Deliverable,
    }),
  },
  narrative: endpoint({
    method: 'GET',
    path: '/narrative',
    summary: 'The goal narrative of an objective, key result, person or team, newest first',
    description:
      'One of keyResultId, objectiveId, personId and teamId is required; given several, the first in that order says whose timeline it is. Events about what the caller may not see are left out, and those about evidence they may not see keep only their type, time, actor and target.',
    query: okrs.NarrativeQuery,
    response: Page(okrs.NarrativeEvent),
    links: {
      next: {
        operationId: 'narrative',
        parameters: { cursor: '$response.body#/nextCursor' },
        description: 'The next page, while nextCursor is not null.',
      },
    },
  }),
  evidence: {
    attachEmail: endpoint({
      method: 'POST',
      path: '/evidence/email',
      summary: 'Attach an email (its REST id from Outlook) to a key result or deliverable',
      body: evidence.AttachEmailRequest,
      response: evidence.Evidence,
      status: 201,
      otherStatuses: { 200: 'Attached before (by anyone): the existing record.' },
      idempotent: true,
      links: {
        ...evidenceLinks,
        byMessage: withQuery('evidence.byMessage', {
          internetMessageId: '$response.body#/source/internetMessageId',
        }),
      },
    }),
    attachDocument: endpoint({
      method: 'POST',
      path: '/evidence/document',
      summary: 'Attach a OneDrive/SharePoint document by sharing URL or drive item',
      body: evidence.AttachDocumentRequest,
      response: evidence.Evidence,
      status: 201,
      otherStatuses: { 200: 'Attached before (by anyone): the existing record.' },
      idempotent: true,
      links: evidenceLinks,
    }),
    attachMeeting: endpoint({
      method: 'POST',
      path: '/evidence/meeting',
      summary: 'Attach a meeting from the calendar',
      body: evidence.AttachMeetingRequest,
      response: evidence.Evidence,
      status: 201,
      otherStatuses: { 200: 'Attached before (by anyone): the existing record.' },
      idempotent: true,
      links: evidenceLinks,
    }),
    attachLink: endpoint({
      method: 'POST',
      path: '/evidence/link',
      summary: 'Attach a plain link',
      body: evidence.AttachLinkRequest,
      response: evidence.Evidence,
      status: 201,
      otherStatuses: { 200: 'Attached before (by anyone): the existing record.' },
      idempotent: true,
      links: evidenceLinks,
    }),
    searchDocuments: endpoint({
      method: 'GET',
      path: '/documents',
      summary:
        'Find OneDrive and SharePoint documents the caller can open (Microsoft Search), to attach as evidence',
      query: evidence.SearchDocumentsQuery,
      response: evidence.DocumentSearchResult,
    }),
    list: endpoint({
      method: 'GET',
      path: '/evidence',
      summary: 'Evidence of a key result or deliverable',
      description:
        'keyResultId or deliverableId is required. includeRemoved=true adds removed evidence.',
      query: evidence.ListEvidenceQuery,
      response: Page(evidence.Evidence),
      links: {
        get: on('evidence.get', FIRST_ITEM_ID),
        myCopy: on('evidence.myCopy', FIRST_ITEM_ID),
        remove: on('evidence.remove', FIRST_ITEM_ID),
      },
    }),
    byMessage: endpoint({
      method: 'GET',
      path: '/evidence/by-message',
      summary: 'Where an email is attached (by message id or internetMessageId)',
      description: 'messageId or internetMessageId is required.',
      query: evidence.EvidenceByMessageQuery,
      response: Page(evidence.EvidenceLocation),
    }),
    get: endpoint({
      method: 'GET',
      path: '/evidence/{id}',
      summary: 'One evidence item with the snapshot Throughline keeps and what it is attached to',
      response: evidence.EvidenceLocation,
    }),
    myCopy: endpoint({
      method: 'GET',
      path: '/evidence/{id}/my-copy',
      summary: 'The reader’s own copy of an attached email, to open in Outlook',
      description: '404 mailbox_copy_not_found when their mailbox has none.',
      response: evidence.MailboxCopy,
    }),
    remove: endpoint({
      method: 'DELETE',
      path: '/evidence/{id}',
      summary: 'Remove evidence (the narrative keeps its history; attaching again restores it)',
      response: evidence.Evidence,
    }),
  },
  setup: {
    get: endpoint({
      method: 'GET',
      path: '/setup',
      summary: 'Whether Throughline is set up in this tenant, and whether the caller may set it up',
      response: admins.SetupState,
    }),
    becomeFirstAdmin: endpoint({
      method: 'POST',
      path: '/setup/first-admin',
      summary: 'Become the first admin (a directory admin, while nobody runs Throughline here)',
      description:
        '409 already_set_up once the tenant has an admin. The org sync starts for the tenant.',
      body: EmptyRequest,
      response: admins.AdminRoster,
      status: 201,
    }),
  },
  admins: {
    list: endpoint({
      method: 'GET',
      path: '/admins',
      summary: 'The tenant’s Throughline admins besides those holding the OKR.Admin app role',
      response: admins.AdminRoster,
    }),
    add: endpoint({
      method: 'POST',
      path: '/admins',
      summary: 'Make someone an admin (admins only)',
      body: admins.AddAdminRequest,
      response: admins.AdminRoster,
      links: {
        remove: {
          operationId: 'admins.remove',
          parameters: { personId: '$request.body#/personId' },
        },
      },
    }),
    remove: endpoint({
      method: 'DELETE',
      path: '/admins/{personId}',
      summary: 'Remove an admin from the list (admins only; never the last one)',
      response: admins.AdminRoster,
    }),
  },
  imports: {
    run: endpoint({
      method: 'POST',
      path: '/admin/import',
      summary:
        'Import objectives and key results from an .xlsx workbook or a CSV file (admins only)',
      description:
        'The body is the file itself (Throughline columns or a Viva Goals export). dryRun=true (the default) writes nothing; importing the same rows again creates nothing.',
      query: imports.ImportQuery,
      upload: {
        mediaTypes: [
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'text/csv',
          'application/octet-stream',
        ],
        maxBytes: 5 * 1024 * 1024,
      },
      response: imports.ImportReport,
    }),
  },
  orgSync: {
    status: endpoint({
      method: 'GET',
      path: '/admin/org-sync',
      summary: 'Org sync status and progress (admins)',
      response: admins.OrgSyncStatus,
    }),
    start: endpoint({
      method: 'POST',
      path: '/admin/org-sync',
      summary: 'Run the org sync now (admins)',
      description:
        'Answers 202 with the status at once; the run goes on and its outcome is in the status.',
      body: EmptyRequest,
      response: admins.OrgSyncStatus,
      status: 202,
      links: { status: { operationId: 'orgSync.status', parameters: {} } },
    }),
  },
  settings: {
    get: endpoint({
      method: 'GET',
      path: '/settings',
      summary: 'The tenant’s settings: check-in rhythm, risk thresholds, prep-card lead time',
      response: risks.TenantSettings,
      links: { update: withBody('settings.update', { version: '$response.body#/version' }) },
    }),
    update: endpoint({
      method: 'PATCH',
      path: '/settings',
      summary: 'Change the tenant’s settings (admins)',
      description: versioned,
      body: risks.UpdateSettingsRequest,
      response: risks.TenantSettings,
    }),
  },
  risks: endpoint({
    method: 'GET',
    path: '/risks',
    summary: 'What the risk rules find for a person, a team (with sub-teams) or a cycle, and why',
    query: risks.RisksQuery,
    response: risks.RiskReport,
  }),
  digest: endpoint({
    method: 'GET',
    path: '/digest',
    summary: 'What changed in a week for a person or a team, from the narrative',
    query: risks.DigestQuery,
    response: risks.Digest,
  }),
  oneOnOnes: {
    list: endpoint({
      method: 'GET',
      path: '/one-on-ones',
      summary: 'My upcoming and recent 1-on-1s, as manager or as report',
      query: oneOnOnes.ListOneOnOnesQuery,
      response: Page(oneOnOnes.OneOnOneSummary),
      links: {
        get: on('oneOnOnes.get', FIRST_ITEM_ID),
        byEvent: {
          operationId: 'oneOnOnes.byEvent',
          parameters: { eventId: '$response.body#/items/0/eventId' },
        },
        addNote: on('oneOnOnes.addNote', FIRST_ITEM_ID),
        addActionItem: on('oneOnOnes.addActionItem', FIRST_ITEM_ID),
      },
    }),
    get: endpoint({
      method: 'GET',
      path: '/one-on-ones/{id}',
      summary: 'A 1-on-1 with its prep card (Adaptive Card 1.5 and data), notes and action items',
      response: oneOnOnes.OneOnOneDetail,
      links: {
        byChat: {
          operationId: 'oneOnOnes.byChat',
          parameters: { chatId: '$response.body#/chatThreadId' },
        },
      },
    }),
    byEvent: endpoint({
      method: 'GET',
      path: '/one-on-ones/by-event/{eventId}',
      summary: 'The 1-on-1 of a calendar event (the manager’s or the caller’s own copy)',
      params: z.object({ eventId: oneOnOnes.GraphEventId }),
      response: oneOnOnes.OneOnOneDetail,
    }),
    byChat: endpoint({
      method: 'GET',
      path: '/one-on-ones/by-chat/{chatId}',
      summary:
        'The 1-on-1 of a Teams meeting chat (meeting side panel): the occurrence under way or next',
      params: z.object({ chatId: oneOnOnes.GraphEventId }),
      response: oneOnOnes.OneOnOneDetail,
    }),
    addNote: endpoint({
      method: 'POST',
      path: '/one-on-ones/{id}/notes',
      summary: 'Add a shared note',
      body: oneOnOnes.AddNoteRequest,
      response: oneOnOnes.OneOnOneNote,
      status: 201,
      idempotent: true,
    }),
    addActionItem: endpoint({
      method: 'POST',
      path: '/one-on-ones/{id}/action-items',
      summary: 'Agree an action item; it stays open across occurrences until completed',
      body: oneOnOnes.CreateActionItemRequest,
      response: oneOnOnes.ActionItem,
      status: 201,
      idempotent: true,
      links: {
        update: {
          operationId: 'oneOnOnes.updateActionItem',
          parameters: { id: '$request.path.id', itemId: ID },
          requestBody: { version: '$response.body#/version' },
        },
      },
    }),
    updateActionItem: endpoint({
      method: 'PATCH',
      path: '/one-on-ones/{id}/action-items/{itemId}',
      summary: 'Complete, reopen or edit an action item',
      description: versioned,
      body: oneOnOnes.UpdateActionItemRequest,
      response: oneOnOnes.ActionItem,
    }),
  },
  runJob: endpoint({
    method: 'POST',
    path: '/admin/jobs/{name}/run',
    summary: 'Run one of the delivery jobs for your tenant now (admins)',
    description:
      '404 not_found when this server does not run that job: every job needs Microsoft Graph configured, the check-in reminders the Teams bot too.',
    params: z.object({ name: risks.JobName }),
    body: EmptyRequest,
    response: risks.JobRunResult,
  }),
};

export type Endpoints = typeof endpoints;
