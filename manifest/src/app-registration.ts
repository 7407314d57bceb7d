/**
 * Throughline's Entra ID app registration, described once: the app role, the scope it
 * exposes, and every Microsoft Graph permission it asks for with the reason and the code
 * that uses it. The README's registration steps are checked against this (a test fails
 * when they disagree), and the sandbox's identity provider issues tokens from it, granting
 * only what a tenant's admin consented to — so nothing is requested that no code uses,
 * and nothing the code uses is missing from the install steps.
 */

export type PermissionType = 'delegated' | 'application';

export interface GraphPermission {
  type: PermissionType;
  value: string;
  why: string;
  /** Files (from the repository root) whose Graph calls need it. */
  usedBy: string[];
}

export const appRegistration = {
  appRoles: [
    {
      value: 'OKR.Admin',
      displayName: 'Throughline admin',
      description:
        'Creates cycles and teams, changes settings, and edits any objective in the tenant.',
      allowedMemberTypes: ['User'],
    },
  ],
  exposedScopes: [
    {
      value: 'access_as_user',
      consent: 'Admins and users',
      description: 'Lets Throughline act as the signed-in person in Teams and Outlook.',
    },
  ],
  graphPermissions: [
    {
      type: 'delegated',
      value: 'User.Read',
      why: 'sign-in, and the person’s directory roles when a tenant has no Throughline admin yet',
      usedBy: ['server/src/admins/service.ts'],
    },
    {
      type: 'delegated',
      value: 'Mail.Read',
      why: 'read the email being attached as evidence, and find the reader’s own copy of it',
      usedBy: ['server/src/evidence/service.ts'],
    },
    {
      type: 'delegated',
      value: 'Files.Read.All',
      why: 'resolve OneDrive/SharePoint links attached as evidence, find a document to attach (Microsoft Search), and download the Excel workbook a key result is linked to, to check its cell',
      usedBy: [
        'server/src/evidence/service.ts',
        'server/src/evidence/document-search.ts',
        'server/src/excel/link.ts',
      ],
    },
    {
      type: 'delegated',
      value: 'Calendars.Read',
      why: 'attach a meeting from the person’s calendar as evidence',
      usedBy: ['server/src/evidence/service.ts'],
    },
    {
      type: 'application',
      value: 'User.Read.All',
      why: 'org sync: people, managers and direct reports, with delta queries',
      usedBy: ['server/src/people/org-sync.ts'],
    },
    {
      type: 'application',
      value: 'Calendars.Read',
      why: 'background detection of 1-on-1s, to prepare cards before the meeting',
      usedBy: ['server/src/one-on-ones/calendar-source.ts'],
    },
    {
      type: 'application',
      value: 'Mail.Read',
      why: 'change notifications on the mailboxes that hold evidence, and re-reading a message that changed or disappeared',
      usedBy: ['server/src/notifications/service.ts', 'server/src/evidence/service.ts'],
    },
    {
      type: 'application',
      value: 'Files.Read.All',
      why: 'change notifications on the drives that hold evidence, re-reading a document that changed, and downloading the Excel workbooks whose cells feed key results (Graph’s workbook API has no application permission)',
      usedBy: [
        'server/src/notifications/service.ts',
        'server/src/evidence/service.ts',
        'server/src/excel/read-job.ts',
      ],
    },
    {
      type: 'application',
      value: 'MailboxSettings.Read',
      why: 'leave the weekly check-in card out while a person’s automatic replies (out of office) are on',
      usedBy: ['server/src/check-ins/out-of-office.ts'],
    },
    {
      type: 'application',
      value: 'TeamsActivity.Send',
      why: '1-on-1 prep cards and the weekly digest in the Teams activity feed',
      usedBy: ['server/src/platform/teams/activity-feed.ts'],
    },
  ] satisfies GraphPermission[],
} as const;

export const requestedPermissions = (type: PermissionType): string[] =>
  appRegistration.graphPermissions
    .filter((permission) => permission.type === type)
    .map((permission) => permission.value);
