/**
 * Importing objectives and key results from a file (read-file.ts), for admins.
 *
 * Each row is read through a column table that knows Throughline's columns and a Viva
 * Goals export's (matched without regard to case or spacing), resolved against the
 * directory (owners by email or user name) and the tenant's teams, checked with the
 * contracts' request schemas, and ordered so a parent exists before what hangs under it.
 * A row's id is derived from the tenant, the cycle and the row's own id (or its type,
 * title and parent), so importing the same file again finds everything already there and
 * creates nothing; an interrupted run completes when it is run again. Everything created
 * goes through the same services as the tab, so it lands in the narrative
 * ("… (imported from Q3 OKRs.xlsx)").
 */
import { createHash } from 'node:crypto';
import {
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  type ImportItem,
  type ImportReport,
} from '@throughline/contracts';
import type { z } from 'zod';
import { createKeyResult, createObjective } from '../okrs/service';
import { okrStores } from '../okrs/store';
import { peopleStore, teamsStore } from '../people/store';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { readSheet, type Cell, type SheetRow } from './read-file';

const COLUMNS = {
  type: ['type', 'item type', 'okr type', 'kind'],
  id: ['id', 'okr id', 'external id', 'objective id'],
  parent: ['parent', 'parent id', 'parent okr', 'aligns to', 'aligned to'],
  title: ['title', 'name', 'okr title'],
  description: ['description', 'notes'],
  owner: ['owner', 'owner email', 'owner upn', 'owners'],
  team: ['team', 'team name', 'teams'],
  level: ['level'],
  metric: ['metric', 'metric kind', 'metric type', 'measure', 'progress type'],
  start: ['start', 'start value', 'baseline'],
  target: ['target', 'target value'],
  current: ['current', 'current value'],
  unit: ['unit', 'metric unit', 'units'],
  currency: ['currency'],
} as const;
type Column = keyof typeof COLUMNS;

const VIVA_GOALS_HEADERS = [
  'start value',
  'target value',
  'current value',
  'parent id',
  'time period',
];

const normalise = (header: string) =>
  header
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

interface Parsed {
  row: number;
  type: 'objective' | 'keyResult' | 'unknown';
  key: string;
  externalId: string | null;
  parent: string | null;
  title: string;
  get: (column: Column) => Cell | undefined;
  /** The header this file uses for a column, for messages that name it. */
  header: (column: Column) => string;
  problems: ImportItem['problems'];
}

export async function importOkrs(
  ctx: Context,
  file: Buffer,
  query: { cycleId: string; dryRun: 'true' | 'false'; fileName: string },
): Promise<ImportReport> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can import OKRs.');
  const { tenantId } = ctx.principal;
  const stores = okrStores(ctx.db, tenantId);
  const cycle = await stores.cycles.findById(query.cycleId);
  if (!cycle) throw new AppError('cycle_not_found', 'That cycle was not found.');
  if (cycle.closedAt)
    throw new AppError('cycle_closed', 'That cycle is closed; import into an open one.');
  const sheet = await readSheet(file);
  const headerOf = new Map<Column, string>();
  for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const found = sheet.headers.find((header) => names.includes(normalise(header)));
    if (found) headerOf.set(column, found);
  }
  if (!headerOf.has('title') || !headerOf.has('type'))
    throw new AppError(
      'unprocessable',
      `The file needs a "Type" column (Objective or Key result) and a "Title" column; it has ${sheet.headers.map((header) => `"${header}"`).join(', ')}.`,
    );
  const format = sheet.headers.some((header) => VIVA_GOALS_HEADERS.includes(normalise(header)))
    ? 'viva_goals'
    : 'throughline';

  const [people, teams] = await Promise.all([
    peopleStore(ctx.db, tenantId).find({}, { limit: 100_000 }),
    teamsStore(ctx.db, tenantId).find({}, { limit: 10_000 }),
  ]);
  const personBy = new Map<string, string>();
  for (const person of people) {
    if (person.isActive === false) continue;
    // Org sync keeps the mail address; in Entra the user name is usually the same.
    if (person.mail) personBy.set(person.mail.toLowerCase(), person.id);
  }
  const teamBy = new Map(teams.map((team) => [team.name.toLowerCase(), team.id]));

  const parsed = sheet.rows.map((row) => parseRow(row, headerOf));
  // A parent is named by its id in the file, else by its title.
  const byRef = new Map<string, Parsed>();
  for (const item of parsed) {
    if (item.externalId) byRef.set(`id:${item.externalId.toLowerCase()}`, item);
    byRef.set(`title:${item.title.toLowerCase()}`, item);
  }
  const parentOf = (item: Parsed) =>
    item.parent
      ? (byRef.get(`id:${item.parent.toLowerCase()}`) ??
        byRef.get(`title:${item.parent.toLowerCase()}`))
      : undefined;

  const idOf = new Map<Parsed, string>();
  const rowId = (item: Parsed) => {
    if (!idOf.has(item))
      idOf.set(
        item,
        createHash('sha256')
          .update([tenantId, cycle.id, item.type, item.key].join('\n'))
          .digest('hex')
          .slice(0, 24),
      );
    return idOf.get(item)!;
  };

  const requests = new Map<
    Parsed,
    {
      objective?: z.input<typeof CreateObjectiveRequest>;
      keyResult?: z.input<typeof CreateKeyResultRequest>;
      ownerId: string | null;
      teamId: string | null;
    }
  >();
  for (const item of parsed) {
    if (item.problems.length > 0) continue;
    const ownerCell = item.get('owner');
    const ownerId = ownerCell
      ? (personBy.get(String(ownerCell).toLowerCase()) ?? null)
      : ctx.principal.userId;
    if (ownerCell && !ownerId)
      item.problems.push({
        column: item.header('owner'),
        reason: `nobody with the email or user name “${String(ownerCell)}” is in your directory`,
      });
    const teamCell = item.get('team');
    const teamId = teamCell ? (teamBy.get(String(teamCell).toLowerCase()) ?? null) : null;
    if (teamCell && !teamId)
      item.problems.push({
        column: item.header('team'),
        reason: `no team named “${String(teamCell)}” (create it in Admin first)`,
      });
    const parent = parentOf(item);
    if (item.parent && !parent)
      item.problems.push({
        column: item.header('parent'),
        reason: `its parent “${item.parent}” is not in the file`,
      });
    if (item.type === 'keyResult' && !item.parent)
      item.problems.push({
        column: item.header('parent'),
        reason: 'a key result needs the objective it belongs to',
      });
    if (item.type === 'keyResult' && parent && parent.type !== 'objective')
      item.problems.push({
        column: item.header('parent'),
        reason: 'a key result belongs to an objective',
      });
    if (item.problems.length > 0) continue;
    const number = (column: Column) => {
      const value = item.get(column);
      if (value === undefined) return undefined;
      const parsedNumber =
        typeof value === 'number' ? value : Number(String(value).replace(/[,%\s]/g, ''));
      return Number.isFinite(parsedNumber) ? parsedNumber : Number.NaN;
    };
    const schemaProblems = (error: z.ZodError, columns: Record<string, Column>) =>
      error.issues.map((issue) => {
        const column = columns[issue.path.join('.')] ?? columns[String(issue.path[0])];
        return { column: column ? item.header(column) : null, reason: issue.message };
      });
    if (item.type === 'objective') {
      const request = {
        cycleId: cycle.id,
        title: item.title,
        description: item.get('description') ? String(item.get('description')) : '',
        level: levelOf(item.get('level'), teamId),
        ownerId: ownerId ?? undefined,
        teamId,
        alignsTo: parent
          ? {
              kind: parent.type === 'keyResult' ? ('keyResult' as const) : ('objective' as const),
              id: rowId(parent),
            }
          : null,
      };
      const checked = CreateObjectiveRequest.safeParse(request);
      if (!checked.success)
        item.problems.push(
          ...schemaProblems(checked.error, {
            title: 'title',
            description: 'description',
            level: 'level',
          }),
        );
      else requests.set(item, { objective: request, ownerId, teamId });
    } else {
      const kind = metricKindOf(item.get('metric'));
      if (!kind) {
        item.problems.push({
          column: item.header('metric'),
          reason: 'must be number, percent, currency or yes/no',
        });
        continue;
      }
      const metric = {
        kind,
        start: kind === 'boolean' ? 0 : (number('start') ?? 0),
        target: kind === 'boolean' ? 1 : (number('target') ?? Number.NaN),
        ...(number('current') !== undefined ? { current: number('current') } : {}),
        unit: item.get('unit') ? String(item.get('unit')) : '',
        ...(kind === 'currency'
          ? { currency: String(item.get('currency') ?? item.get('unit') ?? '').toUpperCase() }
          : {}),
      };
      const request = {
        objectiveId: parent ? rowId(parent) : '',
        title: item.title,
        ownerId: ownerId ?? undefined,
        metric,
      };
      const checked = CreateKeyResultRequest.safeParse(request);
      if (!checked.success)
        item.problems.push(
          ...schemaProblems(checked.error, {
            title: 'title',
            'metric.start': 'start',
            'metric.target': 'target',
            'metric.current': 'current',
            'metric.unit': 'unit',
            'metric.currency': 'currency',
            metric: 'target',
          }),
        );
      else requests.set(item, { keyResult: request, ownerId, teamId });
    }
  }
  // What hangs under a refused row cannot be created either.
  let changed = true;
  while (changed) {
    changed = false;
    for (const item of parsed) {
      const parent = parentOf(item);
      if (item.problems.length === 0 && parent && parent.problems.length > 0) {
        item.problems.push({
          column: item.header('parent'),
          reason: `its parent (row ${parent.row}) is refused`,
        });
        requests.delete(item);
        changed = true;
      }
    }
  }

  // Only rows that would be created are looked up: a refused row is refused either way.
  const existing = new Set<Parsed>();
  await Promise.all(
    [...requests.entries()].map(async ([item, request]) => {
      const store = request.objective ? stores.objectives : stores.keyResults;
      if (await store.findById(rowId(item))) existing.add(item);
    }),
  );
  const isDryRun = query.dryRun === 'true';
  const origin = query.fileName;
  const done = new Set<Parsed>();
  // Parents first: an objective before its key results and before what aligns to it.
  const create = async (item: Parsed) => {
    if (done.has(item)) return;
    done.add(item);
    const parent = parentOf(item);
    if (parent) await create(parent);
    const request = requests.get(item);
    if (!request || existing.has(item)) return;
    if (request.objective)
      await createObjective(ctx, CreateObjectiveRequest.parse(request.objective), {
        id: rowId(item),
        origin,
      });
    else if (request.keyResult)
      await createKeyResult(ctx, CreateKeyResultRequest.parse(request.keyResult), {
        id: rowId(item),
        origin,
      });
  };
  if (!isDryRun) for (const item of parsed) await create(item);
  const items: ImportItem[] = parsed.map((item) => {
    const request = requests.get(item);
    return {
      row: item.row,
      type: item.type,
      title: item.title,
      outcome:
        item.problems.length > 0 ? 'refused' : existing.has(item) ? 'already_imported' : 'create',
      id: item.problems.length > 0 ? null : rowId(item),
      ownerId: request?.ownerId ?? null,
      teamId: request?.teamId ?? null,
      problems: item.problems,
    };
  });
  return {
    format,
    dryRun: isDryRun,
    rows: parsed.length,
    created: items.filter((item) => item.outcome === 'create').length,
    alreadyImported: items.filter((item) => item.outcome === 'already_imported').length,
    refused: items.filter((item) => item.outcome === 'refused').length,
    items,
  };
}

function parseRow(row: SheetRow, headerOf: Map<Column, string>): Parsed {
  const get = (column: Column) => {
    const header = headerOf.get(column);
    return header ? row.cells.get(header) : undefined;
  };
  const header = (column: Column) => headerOf.get(column) ?? COLUMNS[column][0];
  const problems: ImportItem['problems'] = [];
  for (const [name, value] of row.cells)
    if (typeof value === 'object')
      problems.push({
        column: name,
        reason: 'holds a formula; import values only (copy, then paste values)',
      });
  const text = (column: Column) => {
    const value = get(column);
    return value === undefined || typeof value === 'object' ? '' : String(value).trim();
  };
  const typeText = normalise(text('type')).replace(/-/g, ' ');
  const type =
    typeText === 'objective' || typeText === 'o'
      ? 'objective'
      : ['key result', 'keyresult', 'kr'].includes(typeText)
        ? 'keyResult'
        : 'unknown';
  if (type === 'unknown')
    problems.push({
      column: header('type'),
      reason: ['project', 'initiative', 'task'].includes(typeText)
        ? 'projects are not imported; add them as deliverables of their key result'
        : 'must be Objective or Key result',
    });
  const title = text('title');
  if (!title) problems.push({ column: header('title'), reason: 'is empty' });
  const externalId = text('id') || null;
  const parent = text('parent') || null;
  return {
    row: row.row,
    type,
    key: externalId ? `id:${externalId}` : `${title}\n${parent ?? ''}`,
    externalId,
    parent,
    title,
    get,
    header,
    problems,
  };
}

function levelOf(value: Cell | undefined, teamId: string | null) {
  const text = typeof value === 'string' ? normalise(value) : '';
  if (text === 'company' || text === 'organization' || text === 'organisation')
    return 'company' as const;
  if (text === 'team') return 'team' as const;
  if (text === 'individual' || text === 'personal') return 'individual' as const;
  return teamId ? ('team' as const) : ('individual' as const);
}

function metricKindOf(value: Cell | undefined) {
  const text = typeof value === 'string' ? normalise(value) : '';
  if (!text || text === 'number' || text === 'numeric' || text === 'metric')
    return 'number' as const;
  if (text === 'percent' || text === 'percentage' || text === '%') return 'percent' as const;
  if (text === 'currency' || text === 'money') return 'currency' as const;
  if (['boolean', 'yes/no', 'yes no', 'binary', 'done'].includes(text)) return 'boolean' as const;
  return null;
}
