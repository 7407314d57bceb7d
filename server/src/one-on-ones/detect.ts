/**
 * Which calendar occurrences are 1-on-1s: not cancelled, and the people in it (organizer
 * and attendees, matched to the org chart by mail address) are exactly the calendar's
 * owner and one of their direct reports. A meeting with a third person, or with someone
 * outside the org chart, is not a 1-on-1.
 */
import type { CalendarOccurrence } from './calendar-source';

export interface OrgPerson {
  id: string;
  mail: string | null;
  managerId: string | null;
  isActive: boolean;
}

export interface DetectedOneOnOne {
  occurrence: CalendarOccurrence;
  managerId: string;
  reportId: string;
  chatThreadId: string | null;
}

/** The Teams meeting chat id (`19:meeting_…@thread.v2`) inside a join URL: what a meeting side panel knows. */
export function chatThreadIdOf(joinUrl: string | null): string | null {
  if (!joinUrl) return null;
  const match = /meetup-join\/([^/?]+)/.exec(joinUrl);
  if (!match) return null;
  try {
    const decoded = decodeURIComponent(match[1]!);
    return /^19:meeting_[^@]+@thread\.v2$/.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

export function detectOneOnOnes(
  occurrences: CalendarOccurrence[],
  managerId: string,
  people: OrgPerson[],
): DetectedOneOnOne[] {
  const byMail = new Map<string, OrgPerson>();
  for (const person of people) if (person.mail) byMail.set(person.mail.toLowerCase(), person);
  const detected: DetectedOneOnOne[] = [];
  for (const occurrence of occurrences) {
    if (occurrence.isCancelled) continue;
    const addresses = new Set(
      [occurrence.organizerAddress, ...occurrence.attendeeAddresses]
        .filter((address): address is string => !!address)
        .map((address) => address.toLowerCase()),
    );
    if (addresses.size !== 2) continue;
    const participants = [...addresses].map((address) => byMail.get(address));
    if (participants.some((person) => !person)) continue;
    const ids = participants.map((person) => person!.id);
    if (!ids.includes(managerId)) continue;
    const report = participants.find((person) => person!.id !== managerId)!;
    if (report.managerId !== managerId || !report.isActive) continue;
    detected.push({
      occurrence,
      managerId,
      reportId: report.id,
      chatThreadId: chatThreadIdOf(occurrence.joinUrl),
    });
  }
  return detected;
}
