/**
 * Each demo person's mailbox: about fifteen business messages of the kind people attach
 * as evidence (a signed order, a launch confirmation, a customer's thanks, status
 * updates, invoices), some in threads and some with attachments, from colleagues and
 * from external customers. Ids are stable; dates follow the reference day.
 */
import { daysBefore, graphTimestamp, seedAnchor } from './clock';
import { exchangeId, guidFrom, hexId, immutableMessageId, restMessageId } from './graph-ids';
import type { SeedPerson } from './organisation';
import { relationsOf, type Directory, type Relations } from './relations';

export interface Recipient {
  emailAddress: { name: string; address: string };
}

export interface SeedAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export interface SeedMessage {
  /** The template this message came from; stable across runs and mailboxes. */
  key: string;
  tenantId: string;
  mailboxOwnerId: string;
  /** The REST id (Graph's default id form). */
  id: string;
  /** The immutable id (`Prefer: IdType="ImmutableId"`). */
  immutableId: string;
  internetMessageId: string;
  conversationId: string;
  folder: 'inbox' | 'sentitems';
  subject: string;
  from: Recipient;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  receivedDateTime: string;
  sentDateTime: string;
  bodyHtml: string;
  bodyPreview: string;
  isRead: boolean;
  importance: 'low' | 'normal' | 'high';
  attachments: SeedAttachment[];
}

interface Template {
  key: string;
  daysAgo: number;
  hour: number;
  thread?: string;
  folder?: 'inbox' | 'sentitems';
  importance?: 'high';
  isRead?: boolean;
  from(ctx: Context): Recipient;
  to?(ctx: Context): Recipient[];
  cc?(ctx: Context): Recipient[];
  subject(ctx: Context): string;
  paragraphs(ctx: Context): string[];
  attachments?: Array<{ name: string; contentType: string; size: number }>;
}

interface Context extends Relations {
  tenant: Directory;
  first: string;
  company: string;
}

const external = {
  northwind: {
    emailAddress: {
      name: 'Northwind Traders Procurement',
      address: 'procurement@northwind.example',
    },
  },
  adventureWorks: {
    emailAddress: { name: 'Jordan Morgan', address: 'j.morgan@adventure-works.example' },
  },
  litware: { emailAddress: { name: 'Litware Billing', address: 'billing@litware.example' } },
  tailspin: {
    emailAddress: { name: 'Tailspin Toys Legal', address: 'legal@tailspintoys.example' },
  },
  woodgrove: {
    emailAddress: { name: 'Priya Raman', address: 'priya.raman@woodgrovebank.example' },
  },
} satisfies Record<string, Recipient>;

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function recipient(person: SeedPerson | undefined, fallback: Recipient): Recipient {
  return person ? { emailAddress: { name: person.displayName, address: person.mail } } : fallback;
}

const me = (ctx: Context) => recipient(ctx.person, external.northwind);
const boss = (ctx: Context) => recipient(ctx.manager ?? ctx.elsewhere, me(ctx));
const peer = (ctx: Context) => recipient(ctx.peers[0] ?? ctx.elsewhere, boss(ctx));
const colleague = (ctx: Context) => recipient(ctx.elsewhere, boss(ctx));

const templates: Template[] = [
  {
    key: 'northwind-signed-order',
    daysAgo: 9,
    hour: 9.25,
    thread: 'northwind-order',
    importance: 'high',
    from: () => external.northwind,
    subject: () => 'Signed order: Northwind Traders, 240 seats',
    paragraphs: (ctx) => [
      `Hi ${ctx.first},`,
      `Please find attached the countersigned order form for 240 seats, effective the first of next month. Our purchase order number is PO-88412.`,
      'Invoices can go to ap@northwind.example. Thank you for the patience during legal review.',
      'Kind regards, Northwind Traders Procurement',
    ],
    attachments: [{ name: 'Northwind order form (signed).pdf', contentType: PDF, size: 184_322 }],
  },
  {
    key: 'northwind-signed-order-reply',
    daysAgo: 9,
    hour: 10.5,
    thread: 'northwind-order',
    from: boss,
    cc: (ctx) => [peer(ctx)],
    subject: () => 'RE: Signed order: Northwind Traders, 240 seats',
    paragraphs: (ctx) => [
      `${ctx.first}, great work getting this over the line. This closes the Northwind key result for the quarter; please record it in your check-in.`,
    ],
  },
  {
    key: 'launch-confirmed',
    daysAgo: 6,
    hour: 16,
    from: colleague,
    to: (ctx) => [me(ctx), boss(ctx)],
    subject: (ctx) => `Launch confirmed: ${ctx.company} Insights goes live on Monday`,
    paragraphs: () => [
      'Hi all,',
      'Go/no-go passed this afternoon: every launch criterion is green, support is staffed and the release notes are published. We go live Monday 09:00 UTC.',
      'Thanks for the reviews last week.',
    ],
  },
  {
    key: 'customer-thanks',
    daysAgo: 4,
    hour: 14.75,
    from: () => external.adventureWorks,
    subject: () => 'Thank you from Adventure Works',
    paragraphs: (ctx) => [
      `Dear ${ctx.first},`,
      'I wanted to say thank you to you and the team: the rollout finished two weeks early and our regional offices are already using it daily. Onboarding time for new staff went from five days to two.',
      'Happy to be a reference customer.',
      'Best, Jordan Morgan, Adventure Works',
    ],
  },
  {
    key: 'weekly-status-last-week',
    daysAgo: 8,
    hour: 17,
    thread: 'weekly-status',
    from: boss,
    subject: (ctx) => `Weekly status: ${ctx.person.department}`,
    paragraphs: (ctx) => [
      'Team,',
      `Highlights: two deals moved to contract, the ${ctx.company} Insights launch is on track, hiring for the open role is in final rounds.`,
      'Risks: the data migration for Woodgrove slipped a week. Please update your key results before Thursday.',
    ],
  },
  {
    key: 'weekly-status-this-week',
    daysAgo: 1,
    hour: 17,
    thread: 'weekly-status',
    isRead: false,
    from: boss,
    subject: (ctx) => `RE: Weekly status: ${ctx.person.department}`,
    paragraphs: () => [
      'Team,',
      'Update: the Woodgrove migration is back on plan, and the launch went live. Two key results are still at risk; we will go through them in our 1:1s.',
    ],
  },
  {
    key: 'litware-invoice',
    daysAgo: 12,
    hour: 7.5,
    from: () => external.litware,
    subject: () => 'Invoice INV-2026-0417 from Litware',
    paragraphs: (ctx) => [
      `Hello ${ctx.first},`,
      'Attached is invoice INV-2026-0417 for consulting services (EUR 18,400.00), due in 30 days.',
      'Litware Accounts Receivable',
    ],
    attachments: [{ name: 'INV-2026-0417.pdf', contentType: PDF, size: 96_410 }],
  },
  {
    key: 'pipeline-review',
    daysAgo: 11,
    hour: 11,
    thread: 'pipeline',
    from: peer,
    subject: () => 'Q3 pipeline review: numbers',
    paragraphs: (ctx) => [
      `Hi ${ctx.first},`,
      'Here are the pipeline numbers for the review. Weighted pipeline is 1.9M, up 12% on last quarter; conversion from proposal to contract is 31%.',
    ],
    attachments: [{ name: 'Q3 pipeline.xlsx', contentType: XLSX, size: 48_733 }],
  },
  {
    key: 'pipeline-review-reply',
    daysAgo: 11,
    hour: 13.5,
    thread: 'pipeline',
    folder: 'sentitems',
    from: me,
    to: (ctx) => [peer(ctx)],
    subject: () => 'RE: Q3 pipeline review: numbers',
    paragraphs: () => [
      'Thanks, this is exactly what I needed. I will use the conversion figure as the baseline for our key result.',
    ],
  },
  {
    key: 'tailspin-renewal-signed',
    daysAgo: 15,
    hour: 15.25,
    from: () => external.tailspin,
    subject: () => 'Renewal signed: Tailspin Toys, three-year agreement',
    paragraphs: (ctx) => [
      `Dear ${ctx.first},`,
      'Attached is the fully executed renewal for three years, starting on the first of the month. Annual value is USD 420,000.',
      'Tailspin Toys Legal',
    ],
    attachments: [{ name: 'Tailspin renewal (executed).pdf', contentType: PDF, size: 233_190 }],
  },
  {
    key: 'woodgrove-escalation',
    daysAgo: 5,
    hour: 8.75,
    importance: 'high',
    from: () => external.woodgrove,
    cc: (ctx) => [boss(ctx)],
    subject: () => 'Escalation: Woodgrove Bank data migration',
    paragraphs: (ctx) => [
      `${ctx.first},`,
      'Our migration window moved twice. We need a confirmed plan by Friday or we will have to pause the programme. Can we meet tomorrow?',
      'Priya Raman, Woodgrove Bank IT',
    ],
  },
  {
    key: 'one-on-one-agenda',
    daysAgo: 2,
    hour: 9,
    from: boss,
    subject: () => 'Agenda for our 1:1',
    paragraphs: (ctx) => [
      `Hi ${ctx.first},`,
      'For our next 1:1: your key results at risk, the Woodgrove escalation, and your development goal for the quarter. Add anything you want to cover.',
    ],
  },
  {
    key: 'check-in-feedback',
    daysAgo: 3,
    hour: 12.25,
    from: boss,
    subject: () => 'Feedback on your check-in',
    paragraphs: () => [
      'Nice check-in this week. The confidence drop on the adoption key result is the right call; let us agree what would bring it back to on track.',
    ],
  },
  {
    key: 'okr-draft',
    daysAgo: 20,
    hour: 10,
    from: boss,
    subject: (ctx) => `Draft: FY27 Q1 OKRs for ${ctx.person.department}`,
    paragraphs: () => [
      'Attached is the draft of our objectives and key results for next quarter. Comments by Friday please, then we align with the company objectives.',
    ],
    attachments: [{ name: 'FY27 Q1 OKRs draft.docx', contentType: DOCX, size: 35_904 }],
  },
  {
    key: 'security-training',
    daysAgo: 7,
    hour: 6.5,
    isRead: false,
    from: colleague,
    subject: () => 'Reminder: security awareness training due Friday',
    paragraphs: (ctx) => [
      `Hi ${ctx.first},`,
      'The annual security awareness training is due this Friday. It takes about 25 minutes.',
    ],
  },
];

function htmlBody(paragraphs: string[]): string {
  const escaped = paragraphs.map(
    (text) => `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
  );
  return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${escaped.join('\r\n')}\r\n</body>\r\n</html>\r\n`;
}

/** Graph's bodyPreview: the first 255 characters of the text body. */
export function previewOf(paragraphs: string[]): string {
  return paragraphs.join('\r\n\r\n').slice(0, 255);
}

export function mailFolderId(tenantId: string, ownerId: string, folder: string): string {
  return exchangeId('AAMkAG', tenantId, ownerId, 'folder', folder);
}

/**
 * A message a manager sent to all their direct reports. Exchange delivers one message to
 * many mailboxes: every copy has the same `internetMessageId` (and body), and each mailbox
 * its own REST id, immutable id and conversation id — the sender's copy in Sent Items.
 * So two people in a team can attach the same email from their own mailboxes.
 */
const TEAM_UPDATE = {
  key: 'team-update-fabrikam-pilot',
  daysAgo: 25,
  hour: 8.5,
  subject: 'Team update: the Fabrikam pilot is live',
  paragraphs: (manager: SeedPerson, company: string) => [
    'Hi team,',
    `The Fabrikam pilot went live this morning with 60 users, two weeks ahead of plan. Thank you all: this is the first ${company} pilot we ran end to end without an escalation.`,
    'Please link this to the key results it moves when you check in this week.',
    manager.givenName,
  ],
};

function teamUpdates(ctx: Context, anchor: number): SeedMessage[] {
  const { tenant, person } = ctx;
  const sent: Array<{ manager: SeedPerson; reports: SeedPerson[]; folder: 'inbox' | 'sentitems' }> =
    [];
  if (ctx.manager)
    sent.push({ manager: ctx.manager, reports: [person, ...ctx.peers], folder: 'inbox' });
  if (ctx.reports.length > 0)
    sent.push({ manager: person, reports: ctx.reports, folder: 'sentitems' });
  return sent.map(({ manager, reports, folder }) => {
    const received = daysBefore(anchor, TEAM_UPDATE.daysAgo, TEAM_UPDATE.hour);
    const paragraphs = TEAM_UPDATE.paragraphs(manager, tenant.name);
    const key = `${TEAM_UPDATE.key}-${manager.id}`;
    const byName = (candidate: SeedPerson) => candidate.displayName;
    return {
      key,
      tenantId: tenant.id,
      mailboxOwnerId: person.id,
      id: restMessageId(tenant.id, person.id, key),
      immutableId: immutableMessageId(tenant.id, person.id, key),
      // The sender's message: the same in every recipient's mailbox.
      internetMessageId: `<${hexId(24, tenant.id, manager.id, key)}@${tenant.domain.replace(/\.example$/, '.prod.example')}>`,
      conversationId: exchangeId('AAQkAG', tenant.id, person.id, key),
      folder,
      subject: TEAM_UPDATE.subject,
      from: recipient(manager, external.northwind),
      toRecipients: [...reports]
        .sort((a, b) => byName(a).localeCompare(byName(b)))
        .map((report) => recipient(report, external.northwind)),
      ccRecipients: [],
      receivedDateTime: graphTimestamp(received),
      sentDateTime: graphTimestamp(new Date(received.getTime() - 40_000)),
      bodyHtml: htmlBody(paragraphs),
      bodyPreview: previewOf(paragraphs),
      isRead: true,
      importance: 'normal',
      attachments: [],
    };
  });
}

export function buildMailbox(
  tenant: Directory,
  person: SeedPerson,
  now: Date = new Date(),
): SeedMessage[] {
  const anchor = seedAnchor(now);
  const ctx: Context = {
    ...relationsOf(tenant, person),
    tenant,
    first: person.givenName,
    company: tenant.name,
  };
  return [
    ...templates.map((template) => personalMessage(ctx, anchor, template)),
    ...teamUpdates(ctx, anchor),
  ];
}

function personalMessage(ctx: Context, anchor: number, template: Template): SeedMessage {
  const { tenant, person } = ctx;
  const received = daysBefore(anchor, template.daysAgo, template.hour);
  const sent = new Date(received.getTime() - 40_000);
  const paragraphs = template.paragraphs(ctx);
  const from = template.from(ctx);
  const domain = from.emailAddress.address.split('@')[1] ?? tenant.domain;
  return {
    key: template.key,
    tenantId: tenant.id,
    mailboxOwnerId: person.id,
    id: restMessageId(tenant.id, person.id, template.key),
    immutableId: immutableMessageId(tenant.id, person.id, template.key),
    internetMessageId: `<${hexId(24, tenant.id, person.id, template.key)}@${domain.replace(/\.example$/, '.prod.example')}>`,
    conversationId: exchangeId('AAQkAG', tenant.id, person.id, template.thread ?? template.key),
    folder: template.folder ?? 'inbox',
    subject: template.subject(ctx),
    from,
    toRecipients: template.to?.(ctx) ?? [me(ctx)],
    ccRecipients: template.cc?.(ctx) ?? [],
    receivedDateTime: graphTimestamp(received),
    sentDateTime: graphTimestamp(sent),
    bodyHtml: htmlBody(paragraphs),
    bodyPreview: previewOf(paragraphs),
    isRead: template.isRead ?? true,
    importance: template.importance ?? 'normal',
    attachments: (template.attachments ?? []).map((attachment) => ({
      ...attachment,
      id: `AAMkAG${guidFrom(tenant.id, person.id, template.key, attachment.name).replace(/-/g, '')}=`,
    })),
  };
}
