/**
 * Large made-up organisations for the org-sync benchmark: `count` people under one
 * chief executive, each manager with up to `span` direct reports, breadth first, so
 * 10,000 people are about five levels deep. Names, ids and titles are deterministic
 * from the tenant name.
 */
import { stableGuid } from './ids';
import { DIRECTORY_ROLES, type SeedPerson } from './organisation';
import type { Directory } from './relations';

const GIVEN = [
  'Ava',
  'Ben',
  'Chen',
  'Dara',
  'Elif',
  'Femi',
  'Gita',
  'Hugo',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
];
const FAMILY = [
  'Andersen',
  'Baptiste',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Silva',
  'Tanaka',
  'Varga',
  'Weber',
  'Yilmaz',
  'Zhou',
];
const DEPARTMENTS = ['Sales', 'Engineering', 'Operations', 'Marketing', 'Finance', 'Support'];

export function generateDirectory(options: {
  name: string;
  people: number;
  span?: number;
}): Directory {
  const span = options.span ?? 8;
  const id = stableGuid('generated-tenant', options.name, String(options.people));
  const slug = options.name.toLowerCase().replace(/[^a-z0-9]/g, '') || 'generated';
  const domain = `${slug}.onmicrosoft.com`;
  const people: SeedPerson[] = [];
  for (let index = 0; index < options.people; index += 1) {
    const givenName = GIVEN[index % GIVEN.length]!;
    const surname = `${FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]!}${index >= GIVEN.length * FAMILY.length ? ` ${Math.floor(index / (GIVEN.length * FAMILY.length)) + 1}` : ''}`;
    const managerIndex = index === 0 ? -1 : Math.floor((index - 1) / span);
    // Everyone belongs to the department of their branch under the chief executive.
    const department =
      index === 0
        ? 'Executive'
        : managerIndex === 0
          ? DEPARTMENTS[(index - 1) % DEPARTMENTS.length]!
          : people[managerIndex]!.department;
    const alias = `${givenName}.${surname}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    people.push({
      id: stableGuid(id, String(index)),
      tenantId: id,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: `${alias}@${domain}`,
      userPrincipalName: `${alias}@${domain}`,
      jobTitle:
        index === 0
          ? 'Chief Executive Officer'
          : index * span + 1 < options.people
            ? `${department} Manager`
            : `${department} Specialist`,
      department,
      officeLocation: ['Seattle', 'London', 'Munich', 'Singapore', 'Toronto'][index % 5]!,
      managerId: managerIndex >= 0 ? people[managerIndex]!.id : null,
      isAdmin: index === 0,
      directoryRoles: index === 0 ? [DIRECTORY_ROLES.globalAdministrator.roleTemplateId] : [],
    });
  }
  return { id, name: options.name, domain, people };
}
