/**
 * Typed ways for tests and demos to find seeded things without hard-coding ids:
 * "a message in Diego Siciliani's mailbox whose subject contains 'signed'" is
 * `findSeedMessages(CONTOSO_TENANT_ID, diego.id).find((m) => /signed/i.test(m.subject))`.
 * They describe the seed as built; data changed through the control API is not here.
 */
import { encodeSharingUrl } from '../graph/files';
import { seriesForPerson, type SeedSeries } from './calendar';
import { buildDrive, type SeedDriveItem } from './files';
import { buildMailbox, type SeedMessage } from './mail';
import { findSeedPerson, seedTenants, type SeedPerson, type SeedTenant } from './organisation';

function tenantAndPerson(
  tenantId: string,
  userId: string,
): { tenant: SeedTenant; person: SeedPerson } {
  const tenant = seedTenants.find((candidate) => candidate.id === tenantId);
  const person = findSeedPerson(tenantId, userId);
  if (!tenant || !person) throw new Error(`no demo person ${userId} in tenant ${tenantId}`);
  return { tenant, person };
}

/** The seeded mailbox of a demo person, newest first. Dates follow `now` (default: today). */
export function findSeedMessages(
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): SeedMessage[] {
  const { tenant, person } = tenantAndPerson(tenantId, userId);
  return buildMailbox(tenant, person, now).sort((a, b) =>
    b.receivedDateTime.localeCompare(a.receivedDateTime),
  );
}

/** The seeded documents in a demo person's OneDrive. */
export function findSeedDriveItems(
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): SeedDriveItem[] {
  const { tenant, person } = tenantAndPerson(tenantId, userId);
  return buildDrive(tenant, person, now).items;
}

/** The sharing URL people paste for a seeded document (its SharePoint web URL). */
export function sharingUrlFor(item: SeedDriveItem): string {
  return item.webUrl;
}

/** The `/shares/{id}` id for a seeded document: `u!` + unpadded base64url of its sharing URL. */
export function shareIdFor(item: SeedDriveItem): string {
  return encodeSharingUrl(sharingUrlFor(item));
}

/** The meeting series (1-on-1s, team syncs, reviews) a demo person organises or attends. */
export function findSeedMeetingSeries(
  tenantId: string,
  userId: string,
  now: Date = new Date(),
): SeedSeries[] {
  const { tenant, person } = tenantAndPerson(tenantId, userId);
  return seriesForPerson(tenant, person, now);
}
