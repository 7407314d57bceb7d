import type { SeedPerson } from './organisation';

/** Who a person works with, for addressing seeded mail and meetings. */
export interface Relations {
  person: SeedPerson;
  manager: SeedPerson | undefined;
  reports: SeedPerson[];
  peers: SeedPerson[];
  /** Someone in another department (falls back to anyone else). */
  elsewhere: SeedPerson | undefined;
}

export interface Directory {
  id: string;
  name: string;
  domain: string;
  people: SeedPerson[];
}

export function relationsOf(
  directory: Directory,
  person: SeedPerson,
  index?: Map<string, SeedPerson[]>,
): Relations {
  const byManager = index ?? reportsIndex(directory.people);
  const manager = person.managerId
    ? directory.people.find((candidate) => candidate.id === person.managerId)
    : undefined;
  const reports = byManager.get(person.id) ?? [];
  const peers = person.managerId
    ? (byManager.get(person.managerId) ?? []).filter((peer) => peer.id !== person.id)
    : [];
  const elsewhere =
    directory.people.find(
      (candidate) => candidate.department !== person.department && candidate.id !== person.id,
    ) ?? directory.people.find((candidate) => candidate.id !== person.id);
  return { person, manager, reports, peers, elsewhere };
}

export function reportsIndex(people: SeedPerson[]): Map<string, SeedPerson[]> {
  const index = new Map<string, SeedPerson[]>();
  for (const person of people) {
    if (!person.managerId) continue;
    const list = index.get(person.managerId) ?? [];
    list.push(person);
    index.set(person.managerId, list);
  }
  return index;
}
