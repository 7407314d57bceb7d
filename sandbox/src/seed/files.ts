/**
 * Each demo person's OneDrive: a handful of Office documents and PDFs with the sharing
 * URLs people paste into Throughline (`https://contoso-my.sharepoint.com/personal/…`).
 */
import { daysBefore, graphTimestamp, seedAnchor } from './clock';
import { driveId, driveItemId, guidFrom } from './graph-ids';
import type { SeedPerson } from './organisation';
import { relationsOf, type Directory } from './relations';

export interface SeedDriveItem {
  key: string;
  tenantId: string;
  ownerId: string;
  driveId: string;
  id: string;
  name: string;
  mimeType: string;
  size: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: { id: string; displayName: string; email: string };
  lastModifiedBy: { id: string; displayName: string; email: string };
  webUrl: string;
  /** Bumped on every change; eTag and cTag carry it. */
  version: number;
  tagGuid: string;
}

export interface SeedDrive {
  id: string;
  tenantId: string;
  ownerId: string;
  rootId: string;
  webUrl: string;
  items: SeedDriveItem[];
}

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
} as const;

export function mimeTypeFor(name: string): string {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  return (MIME as Record<string, string>)[extension] ?? 'application/octet-stream';
}

/** `contoso.onmicrosoft.com` → `https://contoso-my.sharepoint.com`. */
export function mySiteHost(domain: string): string {
  return `https://${domain.split('.')[0]!.toLowerCase()}-my.sharepoint.com`;
}

/** The personal site path SharePoint derives from the sign-in name (`diegos_contoso_onmicrosoft_com`). */
export function personalSiteName(person: SeedPerson): string {
  return person.userPrincipalName.toLowerCase().replace(/[@.]/g, '_');
}

export function driveWebUrl(tenant: Directory, person: SeedPerson): string {
  return `${mySiteHost(tenant.domain)}/personal/${personalSiteName(person)}/Documents`;
}

export function itemWebUrl(driveUrl: string, name: string): string {
  return `${driveUrl}/${encodeURIComponent(name)}`;
}

interface Template {
  key: string;
  name(person: SeedPerson, tenant: Directory): string;
  size: number;
  createdDaysAgo: number;
  modifiedDaysAgo: number;
  modifiedByManager?: boolean;
}

const templates: Template[] = [
  {
    key: 'plan',
    name: (person) => `${person.department} FY27 plan.xlsx`,
    size: 58_211,
    createdDaysAgo: 40,
    modifiedDaysAgo: 3,
  },
  {
    key: 'order',
    name: () => 'Northwind order form (signed).pdf',
    size: 184_322,
    createdDaysAgo: 9,
    modifiedDaysAgo: 9,
  },
  {
    key: 'review',
    name: () => 'Q3 business review.pptx',
    size: 2_410_889,
    createdDaysAgo: 25,
    modifiedDaysAgo: 6,
    modifiedByManager: true,
  },
  {
    key: 'checklist',
    name: () => 'Customer onboarding checklist.docx',
    size: 41_007,
    createdDaysAgo: 60,
    modifiedDaysAgo: 14,
  },
  {
    key: 'launch',
    name: (_person, tenant) => `${tenant.name} Insights launch notes.docx`,
    size: 27_560,
    createdDaysAgo: 12,
    modifiedDaysAgo: 5,
  },
  // The workbook an Excel-fed key result links to (its cells: sandbox/src/graph/workbook.ts).
  {
    key: 'pipeline',
    name: () => 'Pipeline.xlsx',
    size: 9_412,
    createdDaysAgo: 30,
    modifiedDaysAgo: 1,
  },
];

export function buildDrive(
  tenant: Directory,
  person: SeedPerson,
  now: Date = new Date(),
): SeedDrive {
  const anchor = seedAnchor(now);
  const id = driveId(tenant.id, person.id);
  const webUrl = driveWebUrl(tenant, person);
  const { manager } = relationsOf(tenant, person);
  const identity = (who: SeedPerson) => ({
    id: who.id,
    displayName: who.displayName,
    email: who.mail,
  });
  return {
    id,
    tenantId: tenant.id,
    ownerId: person.id,
    rootId: driveItemId(tenant.id, person.id, 'root'),
    webUrl,
    items: templates.map((template) => {
      const name = template.name(person, tenant);
      return {
        key: template.key,
        tenantId: tenant.id,
        ownerId: person.id,
        driveId: id,
        id: driveItemId(tenant.id, person.id, template.key),
        name,
        mimeType: mimeTypeFor(name),
        size: template.size,
        createdDateTime: graphTimestamp(daysBefore(anchor, template.createdDaysAgo, 9.5)),
        lastModifiedDateTime: graphTimestamp(daysBefore(anchor, template.modifiedDaysAgo, 15.25)),
        createdBy: identity(person),
        lastModifiedBy: identity(template.modifiedByManager && manager ? manager : person),
        webUrl: itemWebUrl(webUrl, name),
        version: 1,
        tagGuid: guidFrom(tenant.id, person.id, template.key),
      };
    }),
  };
}
