/**
 * The demo organisations. Contoso is the one worth exploring (a leader, managers and a
 * few dozen people); Fabrikam is small and exists so tenant isolation is tested.
 */
import { stableGuid } from './ids';

export interface SeedPerson {
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  managerId: string | null;
  /** Holds Throughline's `OKR.Admin` app role (an assignment in Enterprise applications). */
  isAdmin: boolean;
  /** Entra directory roles the person holds, by role template id (see `DIRECTORY_ROLES`). */
  directoryRoles: string[];
}

/** The directory roles the sandbox knows, by their fixed role template ids in Entra ID. */
export const DIRECTORY_ROLES = {
  globalAdministrator: {
    roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
    displayName: 'Global Administrator',
  },
  privilegedRoleAdministrator: {
    roleTemplateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
  },
} as const;

export interface SeedTenant {
  id: string;
  name: string;
  domain: string;
  people: SeedPerson[];
}

/** The Throughline API's app registration in the sandbox (what Entra ID would hold). */
export const sandboxApp = {
  clientId: 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f',
  clientSecret: 'sandbox-client-secret-not-for-production',
  adminRole: 'OKR.Admin',
};

/**
 * The Azure Bot registration of the sandbox: its Microsoft App ID and a client secret, as
 * Entra ID holds them for a single-tenant bot whose home is Contoso. Bot Framework tokens
 * are issued to it (and only to it) for the scope `https://api.botframework.com/.default`.
 */
export const sandboxBot = {
  appId: 'b07a5e1d-3c2f-4e8a-9b6d-7f1e2d3c4b5a',
  appPassword: 'sandbox-bot-secret-not-for-production',
  name: 'Throughline',
};

export const CONTOSO_TENANT_ID = '7d3e6c1a-2f4b-4c8d-9e0a-1b2c3d4e5f60';
export const FABRIKAM_TENANT_ID = 'c0ffee00-4a5b-4c6d-8e7f-90a1b2c3d4e5';
/** A tenant on its first day: people, managers and mail, a Global Administrator, no OKRs and nobody assigned `OKR.Admin`. */
export const NORTHWIND_TENANT_ID = '4e0a7b1c-9d2f-4a6e-8b3c-5f1d2e3a4b6c';

type Row = [
  displayName: string,
  jobTitle: string,
  department: string,
  manager: string | null,
  office?: string,
];

const contosoRows: Row[] = [
  ['Megan Bowen', 'Chief Executive Officer', 'Executive', null, 'Seattle'],
  ['Alex Wilber', 'VP Sales', 'Sales', 'Megan Bowen', 'London'],
  ['Lidia Holloway', 'VP Engineering', 'Engineering', 'Megan Bowen', 'Munich'],
  ['Nestor Wilke', 'Director of Operations', 'Operations', 'Megan Bowen', 'Singapore'],
  ['Patti Fernandez', 'Head of Marketing', 'Marketing', 'Megan Bowen', 'Seattle'],
  ['Diego Siciliani', 'Account Executive', 'Sales', 'Alex Wilber', 'London'],
  ['Isaiah Langer', 'Account Executive', 'Sales', 'Alex Wilber', 'Dublin'],
  ['Johanna Lorenz', 'Sales Engineer', 'Sales', 'Alex Wilber', 'Munich'],
  ['Lee Gu', 'Customer Success Manager', 'Sales', 'Alex Wilber', 'Singapore'],
  ['Lynne Robbins', 'Partner Manager', 'Sales', 'Alex Wilber', 'Seattle'],
  ['Adele Vance', 'Engineering Manager, Platform', 'Engineering', 'Lidia Holloway', 'Munich'],
  ['Grady Archie', 'Engineering Manager, Apps', 'Engineering', 'Lidia Holloway', 'Bangalore'],
  ['Henrietta Mueller', 'Senior Engineer', 'Engineering', 'Adele Vance', 'Munich'],
  ['Joni Sherman', 'Engineer', 'Engineering', 'Adele Vance', 'Munich'],
  ['Miriam Graham', 'Site Reliability Engineer', 'Engineering', 'Adele Vance', 'Dublin'],
  ['Pradeep Gupta', 'Senior Engineer', 'Engineering', 'Grady Archie', 'Bangalore'],
  ['Allan Deyoung', 'Engineer', 'Engineering', 'Grady Archie', 'Bangalore'],
  ['Christie Cline', 'Designer', 'Engineering', 'Grady Archie', 'Seattle'],
  ['Irvin Sayers', 'QA Engineer', 'Engineering', 'Grady Archie', 'Bangalore'],
  ['Debra Berger', 'Supply Chain Lead', 'Operations', 'Nestor Wilke', 'Singapore'],
  ['Enrico Cattaneo', 'Logistics Analyst', 'Operations', 'Nestor Wilke', 'Milan'],
  ['Emily Braun', 'Finance Analyst', 'Operations', 'Nestor Wilke', 'Singapore'],
  ['Nicole Clarke', 'Procurement Specialist', 'Operations', 'Nestor Wilke', 'Sydney'],
  ['Cameron White', 'Content Marketing Lead', 'Marketing', 'Patti Fernandez', 'Seattle'],
  ['Ben Walters', 'Product Marketing Manager', 'Marketing', 'Patti Fernandez', 'London'],
  ['Alan Steiner', 'Digital Campaigns Specialist', 'Marketing', 'Patti Fernandez', 'Toronto'],
  ['Zrinka Makovac', 'Events Manager', 'Marketing', 'Patti Fernandez', 'Zagreb'],
  ['Raul Razo', 'IT Administrator', 'Operations', 'Nestor Wilke', 'Seattle'],
];

const northwindRows: Row[] = [
  ['Nia Okafor', 'Chief Executive Officer', 'Executive', null, 'Chicago'],
  ['Tom Becker', 'IT Manager', 'Operations', 'Nia Okafor', 'Chicago'],
  ['Lucia Romano', 'VP Sales', 'Sales', 'Nia Okafor', 'Milan'],
  ['Samir Haddad', 'Account Manager', 'Sales', 'Lucia Romano', 'Milan'],
  ['Ewa Nowak', 'Account Manager', 'Sales', 'Lucia Romano', 'Warsaw'],
  ['Daniel Kim', 'Head of Operations', 'Operations', 'Nia Okafor', 'Chicago'],
  ['Grace Liu', 'Logistics Planner', 'Operations', 'Daniel Kim', 'Chicago'],
];

const fabrikamRows: Row[] = [
  ['Sara Davis', 'Managing Director', 'Executive', null, 'Amsterdam'],
  ['Tomás Ortega', 'Head of Product', 'Product', 'Sara Davis', 'Madrid'],
  ['Aiko Tanaka', 'Product Manager', 'Product', 'Tomás Ortega', 'Tokyo'],
  ['Kwame Mensah', 'Engineer', 'Product', 'Tomás Ortega', 'Accra'],
];

function buildTenant(
  id: string,
  name: string,
  domain: string,
  rows: Row[],
  admins: string[],
  globalAdministrators: string[],
): SeedTenant {
  const idByName = new Map(rows.map(([displayName]) => [displayName, stableGuid(id, displayName)]));
  const people = rows.map(([displayName, jobTitle, department, manager, office]): SeedPerson => {
    const [givenName = displayName, ...rest] = displayName.split(' ');
    const surname = rest.join(' ');
    const alias = `${givenName}${surname.charAt(0)}`.normalize('NFD').replace(/[^A-Za-z]/g, '');
    return {
      id: idByName.get(displayName)!,
      tenantId: id,
      displayName,
      givenName,
      surname,
      mail: `${alias}@${domain}`,
      userPrincipalName: `${alias}@${domain}`,
      jobTitle,
      department,
      officeLocation: office ?? '',
      managerId: manager ? idByName.get(manager)! : null,
      isAdmin: admins.includes(displayName),
      directoryRoles: globalAdministrators.includes(displayName)
        ? [DIRECTORY_ROLES.globalAdministrator.roleTemplateId]
        : [],
    };
  });
  return { id, name, domain, people };
}

export const seedTenants: SeedTenant[] = [
  buildTenant(
    CONTOSO_TENANT_ID,
    'Contoso',
    'contoso.onmicrosoft.com',
    contosoRows,
    ['Raul Razo', 'Megan Bowen'],
    ['Raul Razo'],
  ),
  buildTenant(
    FABRIKAM_TENANT_ID,
    'Fabrikam',
    'fabrikam.onmicrosoft.com',
    fabrikamRows,
    ['Sara Davis'],
    ['Sara Davis'],
  ),
  buildTenant(
    NORTHWIND_TENANT_ID,
    'Northwind Traders',
    'northwindtraders.onmicrosoft.com',
    northwindRows,
    [],
    ['Tom Becker'],
  ),
];

export function findSeedPerson(tenantId: string, personId: string): SeedPerson | undefined {
  return seedTenants
    .find((tenant) => tenant.id === tenantId)
    ?.people.find((person) => person.id === personId);
}

export function findSeedPersonByName(displayName: string): SeedPerson {
  for (const tenant of seedTenants) {
    const person = tenant.people.find((candidate) => candidate.displayName === displayName);
    if (person) return person;
  }
  throw new Error(`no demo person named ${displayName}`);
}
