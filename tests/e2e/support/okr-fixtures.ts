/**
 * A small, realistic slice of Contoso's quarter, written through the API as the people
 * who would write it: a company objective, the sales team's objective aligned to it,
 * Diego's objective aligned to the team's key result, and an engineering key result his
 * deliverable waits on.
 */
import type { ApiClient, Cycle, KeyResult, Objective, Team } from '@throughline/contracts';
import { currentQuarter, type TestStack } from './stack';

export interface ContosoQuarter {
  cycle: Cycle;
  salesTeam: Team;
  engineeringTeam: Team;
  companyObjective: Objective;
  teamObjective: Objective;
  teamKeyResult: KeyResult;
  diegoObjective: Objective;
  customersKeyResult: KeyResult;
  renewalKeyResult: KeyResult;
  engineeringKeyResult: KeyResult;
  diego: ApiClient;
}

export async function arrangeContosoQuarter(stack: TestStack): Promise<ContosoQuarter> {
  const megan = await stack.apiAs('Megan Bowen');
  const alex = await stack.apiAs('Alex Wilber');
  const lidia = await stack.apiAs('Lidia Holloway');
  const diego = await stack.apiAs('Diego Siciliani');
  const [alexPerson, diegoPerson, lidiaPerson] = await Promise.all([
    stack.person('Alex Wilber'),
    stack.person('Diego Siciliani'),
    stack.person('Lidia Holloway'),
  ]);

  const quarter = currentQuarter();
  const existing = (await megan.cycles.list()).items.find(
    (cycle) =>
      cycle.startsOn <= new Date().toISOString().slice(0, 10) &&
      new Date().toISOString().slice(0, 10) <= cycle.endsOn,
  );
  const cycle =
    existing ??
    (await megan.cycles.create({
      name: quarter.name,
      kind: 'quarter',
      startsOn: quarter.startsOn,
      endsOn: quarter.endsOn,
    }));
  const salesTeam = await megan.teams.create({
    name: 'Sales EMEA',
    leadId: alexPerson.id,
    memberIds: [alexPerson.id, diegoPerson.id],
  });
  const engineeringTeam = await megan.teams.create({
    name: 'Engineering',
    leadId: lidiaPerson.id,
    memberIds: [lidiaPerson.id],
  });

  const companyObjective = await megan.objectives.create({
    cycleId: cycle.id,
    title: 'Grow revenue in EMEA',
    level: 'company',
  });
  await megan.keyResults.create({
    objectiveId: companyObjective.id,
    title: 'Book €2m of new EMEA revenue',
    metric: { kind: 'currency', start: 0, target: 2000000, currency: 'EUR' },
  });
  const teamObjective = await alex.objectives.create({
    cycleId: cycle.id,
    title: 'Build the EMEA enterprise pipeline',
    level: 'team',
    teamId: salesTeam.id,
    alignsTo: { kind: 'objective', id: companyObjective.id },
  });
  const teamKeyResult = await alex.keyResults.create({
    objectiveId: teamObjective.id,
    title: 'Qualified pipeline of €6m',
    metric: { kind: 'currency', start: 1000000, target: 6000000, currency: 'EUR' },
  });

  const engineeringObjective = await lidia.objectives.create({
    cycleId: cycle.id,
    title: 'Make enterprise onboarding effortless',
    level: 'team',
    teamId: engineeringTeam.id,
  });
  const engineeringKeyResult = await lidia.keyResults.create({
    objectiveId: engineeringObjective.id,
    title: 'Ship single sign-on for enterprise tenants',
    metric: { kind: 'boolean', start: 0, target: 1 },
  });

  const diegoObjective = await diego.objectives.create({
    cycleId: cycle.id,
    title: 'Win the big London accounts',
    description: 'Turn the three London enterprise prospects into customers this quarter.',
    level: 'individual',
    teamId: salesTeam.id,
    alignsTo: { kind: 'keyResult', id: teamKeyResult.id },
  });
  const customersKeyResult = await diego.keyResults.create({
    objectiveId: diegoObjective.id,
    title: 'Sign 5 new enterprise customers',
    metric: { kind: 'number', start: 0, target: 5, unit: 'customers' },
  });
  const renewalKeyResult = await diego.keyResults.create({
    objectiveId: diegoObjective.id,
    title: 'Renew Fabrikam for three years',
    metric: { kind: 'boolean', start: 0, target: 1 },
  });
  // The renewal is signed, so the at-risk filter has something to leave out. (A renewal
  // still unsigned two thirds into the quarter is behind pace by the risk rules, whatever
  // its owner reported, and the filter keeps it.)
  await diego.keyResults.checkIn(renewalKeyResult.id, {
    version: renewalKeyResult.version,
    value: 1,
    confidence: 9,
    status: 'on_track',
    note: 'Fabrikam signed the three-year renewal on Friday.',
  });
  await diego.deliverables.create({
    keyResultId: customersKeyResult.id,
    title: 'Send the Northwind proposal with SSO terms',
    dueDate: cycle.endsOn,
    state: 'doing',
    dependsOn: [{ kind: 'keyResult', id: engineeringKeyResult.id }],
  });
  return {
    cycle,
    salesTeam,
    engineeringTeam,
    companyObjective,
    teamObjective,
    teamKeyResult,
    diegoObjective,
    customersKeyResult,
    renewalKeyResult,
    engineeringKeyResult,
    diego,
  };
}

/** Attaches a sandbox email and a OneDrive document to a key result as Diego; any failure fails the test. */
export async function attachDemoEvidence(
  stack: TestStack & { graphUrl?: string },
  diego: ApiClient,
  keyResultId: string,
): Promise<{ subject: string; fileName: string }> {
  if (!stack.graphUrl) throw new Error('the test stack has no sandbox Graph');
  const person = await stack.person('Diego Siciliani');
  const control = `${stack.graphUrl}/_sandbox/tenants/${person.tenantId}/users/${person.id}`;
  const subject = 'Signed order: Northwind Traders, 240 seats';
  const fileName = 'Northwind proposal.docx';
  const messageResponse = await fetch(`${control}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subject,
      from: { emailAddress: { name: 'Kwame Mensah', address: 'kwame@northwind.example' } },
      body: 'Please find the signed order form attached. We start on Monday.',
    }),
  });
  if (!messageResponse.ok)
    throw new Error(`the sandbox refused the test email (${messageResponse.status})`);
  const message = (await messageResponse.json()) as { id: string };
  const itemResponse = await fetch(`${control}/drive/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: fileName, size: 48213 }),
  });
  if (!itemResponse.ok)
    throw new Error(`the sandbox refused the test document (${itemResponse.status})`);
  const item = (await itemResponse.json()) as {
    id: string;
    parentReference?: { driveId?: string };
  };
  await diego.evidence.attachEmail({
    target: { kind: 'keyResult', id: keyResultId },
    messageId: message.id,
    note: 'The customer signed',
  });
  await diego.evidence.attachDocument({
    target: { kind: 'keyResult', id: keyResultId },
    driveId: item.parentReference?.driveId ?? '',
    itemId: item.id,
  });
  return { subject, fileName };
}

/** Runs the org sync as an admin and waits for it: who reports to whom comes from it. */
export async function syncOrganisation(admin: ApiClient): Promise<void> {
  await admin.request('POST', '/admin/org-sync', { body: {} });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const status = await admin.request<{ state: string; error: string | null }>(
      'GET',
      '/admin/org-sync',
    );
    if (status.state === 'succeeded') return;
    if (status.state === 'failed') throw new Error(`org sync failed: ${status.error}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('org sync did not finish in 20 s');
}
