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
  CreateDeliverableRequest,
  CreateKeyResultRequest,
  CreateObjectiveRequest,
  type ImportItem,
  type ImportReport,
  type Person,
} from '@throughline/contracts';
import type { z } from 'zod';
import { createDeliverable, createKeyResult, createObjective } from '../okrs/service';
import { okrRecords } from '../okrs/records';
import { everyTeam, everyone } from '../people/service';
import type { Context } from '../platform/context';
import { AppError } from '../platform/http/errors';
import { readSheet, type Cell, type SheetRow } from './read-file';

/** Throughline's own columns (a template people fill in), matched loosely. */
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
  progress: [],
  unit: ['unit', 'metric unit', 'units'],
  currency: ['currency'],
  dueDate: ['due date', 'due', 'end date'],
  state: ['state'],
} as const;
type Column = keyof typeof COLUMNS;

/**
 * A Viva Goals export: the Explorer view exported to Excel or CSV ("Id", "Title", "Team",
 * "Owner", "Period", "Start Date", "End Date", "Description", "Aligned To (weight, Objective
 * ID)", "Metric Name", "Unit", "Target", "Object Type", "Start", "Progress %", "Status", …).
 * Owners are display names, several separated by commas; teams are separated by
 * semicolons; the parent is written "Title(weight: 50%, Id: 2295704)"; there is no current
 * value, only "Progress %"; in a workbook the Id is a HYPERLINK to the item in Viva Goals.
 */
const VIVA_GOALS_COLUMNS: Record<Column, readonly string[]> = {
  type: ['object type'],
  id: ['id'],
  parent: ['aligned to (weight, objective id)', 'aligned to'],
  title: ['title'],
  description: ['description'],
  owner: ['owner'],
  team: ['team'],
  level: [],
  metric: [],
  start: ['start'],
  target: ['target'],
  current: [],
  progress: ['progress %', 'progress'],
  unit: ['unit'],
  currency: [],
  dueDate: ['end date'],
  state: ['status'],
};
const VIVA_GOALS_HEADERS = ['object type', 'aligned to (weight, objective id)'];

const normalise = (header: string) =>
  header
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

type ItemType = ImportItem['type'];

interface Parsed {
  row: number;
  type: ItemType;
  key: string;
  externalId: string | null;
  parent: string | null;
  title: string;
  get: (column: Column) => Cell | undefined;
  /** The header this file uses for a column, for messages that name it. */
  header: (column: Column) => string;
  problems: ImportItem['problems'];
}

type Format = ImportReport['format'];

interface Planned {
  objective?: z.input<typeof CreateObjectiveRequest>;
  keyResult?: z.input<typeof CreateKeyResultRequest>;
  deliverable?: z.input<typeof CreateDeliverableRequest>;
  ownerId: string | null;
  teamId: string | null;
}

export async function importOkrs(
  ctx: Context,
  file: Buffer,
  query: { cycleId: string; dryRun: 'true' | 'false'; fileName: string },
): Promise<ImportReport> {
  if (!ctx.principal.isAdmin) throw new AppError('forbidden', 'Only an admin can import OKRs.');
  const { tenantId } = ctx.principal;
  const okrs = okrRecords(ctx);
  const cycle = await okrs.cycle(query.cycleId);
  if (!cycle) throw new AppError('cycle_not_found', 'That cycle was not found.');
  if (cycle.closedAt)
    throw new AppError('cycle_closed', 'That cycle is closed; import into an open one.');
  const sheet = await readSheet(file);
  const format: Format = sheet.headers.some((header) =>
    VIVA_GOALS_HEADERS.includes(normalise(header)),
  )
    ? 'viva_goals'
    : 'throughline';
  const table = format === 'viva_goals' ? VIVA_GOALS_COLUMNS : COLUMNS;
  const headerOf = new Map<Column, string>();
  for (const [column, names] of Object.entries(table) as [Column, readonly string[]][]) {
    const found = sheet.headers.find((header) => names.includes(normalise(header)));
    if (found) headerOf.set(column, found);
  }
  if (!headerOf.has('title') || !headerOf.has('type'))
    throw new AppError(
      'unprocessable',
      `The file needs a "Type" column (Objective, Key result or Deliverable) and a "Title" column; it has ${sheet.headers.map((header) => `"${header}"`).join(', ')}.`,
    );

  const [people, teams] = await Promise.all([everyone(ctx, 100_000), everyTeam(ctx, 10_000)]);
  const directory = peopleDirectory(people);
  const teamBy = new Map(teams.map((team) => [team.name.toLowerCase(), team.id]));

  const parsed = sheet.rows.map((row) => parseRow(row, headerOf, table, format));
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

  const requests = new Map<Parsed, Planned>();
  for (const item of parsed) {
    if (item.problems.length > 0) continue;
    const owners = ownersOf(item, directory, ctx.principal.userId);
    const ownerId = owners.ids[0] ?? null;
    const others = owners.ids.slice(1).filter((id) => id !== ownerId);
    // Viva Goals lists several teams separated by semicolons: the first is the owning team.
    const teamCell = textOf(item.get('team'));
    const teamName = (format === 'viva_goals' ? teamCell.split(';')[0]! : teamCell).trim();
    const teamId = teamName ? (teamBy.get(teamName.toLowerCase()) ?? null) : null;
    if (teamName && !teamId)
      item.problems.push({
        column: item.header('team'),
        reason: `no team named “${teamName}” (create it in Admin first)`,
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
    if (item.type === 'deliverable' && !item.parent)
      item.problems.push({
        column: item.header('parent'),
        reason: 'a deliverable needs the key result or objective it moves',
      });
    if (item.type === 'deliverable' && parent && parent.type === 'deliverable')
      item.problems.push({
        column: item.header('parent'),
        reason: 'a deliverable belongs to a key result or an objective',
      });
    item.problems.push(...owners.problems);
    if (item.problems.length > 0) continue;
    const number = (column: Column) => {
      const value = item.get(column);
      if (value === undefined) return undefined;
      const parsedNumber =
        typeof value === 'number' ? value : Number(textOf(value).replace(/[,%\s]/g, ''));
      return Number.isFinite(parsedNumber) ? parsedNumber : Number.NaN;
    };
    // A nested field (the metric's target) has its own column, else its parent's.
    const schemaProblems = (
      error: z.ZodError,
      columns: Record<string, Column>,
      nested: Record<string, Record<string, Column>> = {},
    ) =>
      error.issues.map((issue) => {
        const [field, inner] = issue.path.map(String);
        const column =
          (issue.path.length === 2 ? nested[field!]?.[inner!] : undefined) ?? columns[field!];
        return { column: column ? item.header(column) : null, reason: issue.message };
      });
    if (item.type === 'objective') {
      const request = {
        cycleId: cycle.id,
        title: item.title,
        description: textOf(item.get('description')),
        level: levelOf(item.get('level'), teamId),
        ownerId: ownerId ?? undefined,
        teamId,
        alignsTo: parent
          ? {
              kind: parent.type === 'keyResult' ? ('keyResult' as const) : ('objective' as const),
              id: rowId(parent),
            }
          : null,
        // The other owners share the objective (Throughline has one owner).
        contributors: others.map((id) => ({ kind: 'person' as const, id })),
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
    } else if (item.type === 'keyResult') {
      const unit = textOf(item.get('unit'));
      const kind = metricKindOf(item.get('metric'), unit, format);
      if (!kind) {
        item.problems.push({
          column: item.header('metric'),
          reason: 'must be number, percent, currency or yes/no',
        });
        continue;
      }
      const start = kind === 'boolean' ? 0 : (number('start') ?? 0);
      const target = kind === 'boolean' ? 1 : (number('target') ?? Number.NaN);
      const progress = number('progress');
      // Viva Goals exports progress, not the value: the value is that share of the way.
      const current =
        number('current') ??
        (progress !== undefined && Number.isFinite(target)
          ? round(start + (progress / 100) * (target - start))
          : undefined);
      const currency = kind === 'currency' ? currencyOf(item.get('currency'), unit) : undefined;
      const metric = {
        kind,
        start,
        target,
        ...(current !== undefined ? { current } : {}),
        unit: kind === 'percent' || kind === 'currency' ? '' : unit,
        ...(kind === 'currency' ? { currency } : {}),
      };
      const request = {
        objectiveId: parent ? rowId(parent) : '',
        title: item.title,
        ownerId: ownerId ?? undefined,
        coOwnerIds: others,
        metric,
      };
      const checked = CreateKeyResultRequest.safeParse(request);
      if (!checked.success)
        item.problems.push(
          ...schemaProblems(
            checked.error,
            { title: 'title', metric: 'target' },
            {
              metric: {
                start: 'start',
                target: 'target',
                current: progress !== undefined ? 'progress' : 'current',
                unit: 'unit',
                currency: format === 'viva_goals' ? 'unit' : 'currency',
              },
            },
          ),
        );
      else requests.set(item, { keyResult: request, ownerId, teamId });
    } else if (item.type === 'deliverable' && parent) {
      const due = textOf(item.get('dueDate'));
      const request = {
        ...(parent.type === 'keyResult'
          ? { keyResultId: rowId(parent) }
          : { objectiveId: rowId(parent) }),
        title: item.title,
        ownerId: ownerId ?? undefined,
        teamId,
        dueDate: due ? due.slice(0, 10) : null,
        state: deliverableStateOf(item.get('state')),
      };
      const checked = CreateDeliverableRequest.safeParse(request);
      if (!checked.success)
        item.problems.push(
          ...schemaProblems(checked.error, { title: 'title', dueDate: 'dueDate' }),
        );
      else requests.set(item, { deliverable: request, ownerId, teamId });
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
      const find = request.objective
        ? okrs.objective
        : request.keyResult
          ? okrs.keyResult
          : okrs.deliverable;
      if (await find(rowId(item))) existing.add(item);
    }),
  );
  const isDryRun = query.dryRun === 'true';
  const options = (item: Parsed) => ({ id: rowId(item), origin: query.fileName });
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
      await createObjective(ctx, CreateObjectiveRequest.parse(request.objective), options(item));
    else if (request.keyResult)
      await createKeyResult(ctx, CreateKeyResultRequest.parse(request.keyResult), options(item));
    else if (request.deliverable)
      await createDeliverable(
        ctx,
        CreateDeliverableRequest.parse(request.deliverable),
        options(item),
      );
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

/** The text a cell shows: a HYPERLINK shows its label, which is what the file means. */
function textOf(value: Cell | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'object') return value.formula ? (hyperlinkLabel(value) ?? '') : '';
  return String(value).trim();
}

/** `HYPERLINK("https://…", "2295704")` — its label (Excel's cached result, else the second argument). */
function hyperlinkLabel(cell: { formula: string; result?: string | number }): string | null {
  if (!/^\s*HYPERLINK\s*\(/i.test(cell.formula)) return null;
  if (cell.result !== undefined && String(cell.result).trim()) return String(cell.result).trim();
  const args = [...cell.formula.matchAll(/"((?:[^"]|"")*)"/g)].map((match) =>
    match[1]!.replace(/""/g, '"'),
  );
  return (args[1] ?? args[0] ?? '').trim() || null;
}

interface Directory {
  byAddress: Map<string, string>;
  byName: Map<string, string[]>;
}

function peopleDirectory(people: Person[]): Directory {
  const byAddress = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const person of people) {
    if (person.isActive === false) continue;
    // Org sync keeps the mail address; in Entra the user name is usually the same.
    if (person.mail) byAddress.set(person.mail.toLowerCase(), person.id);
    const name = person.displayName.trim().toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), person.id]);
  }
  return { byAddress, byName };
}

/**
 * The owners a row names: emails or user names, or (as Viva Goals writes them) display
 * names, several separated by commas. The first owns it; a name two people share is refused
 * rather than guessed. No owner: the admin who imports.
 */
function ownersOf(item: Parsed, directory: Directory, importer: string) {
  const cell = textOf(item.get('owner'));
  const problems: ImportItem['problems'] = [];
  if (!cell) return { ids: [importer], problems };
  const ids: string[] = [];
  for (const entry of cell
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const key = entry.toLowerCase();
    const byAddress = directory.byAddress.get(key);
    const byName = directory.byName.get(key) ?? [];
    if (byAddress) ids.push(byAddress);
    else if (byName.length === 1) ids.push(byName[0]!);
    else
      problems.push({
        column: item.header('owner'),
        reason:
          byName.length > 1
            ? `${byName.length} people are named “${entry}”: write their email instead`
            : `nobody with the email, user name or name “${entry}” is in your directory`,
      });
  }
  return { ids: [...new Set(ids)], problems };
}

function parseRow(
  row: SheetRow,
  headerOf: Map<Column, string>,
  table: Record<Column, readonly string[]>,
  format: Format,
): Parsed {
  const get = (column: Column) => {
    const header = headerOf.get(column);
    return header ? row.cells.get(header) : undefined;
  };
  const header = (column: Column) => headerOf.get(column) ?? table[column][0] ?? column;
  const problems: ImportItem['problems'] = [];
  for (const [name, value] of row.cells)
    if (typeof value === 'object' && hyperlinkLabel(value) === null)
      problems.push({
        column: name,
        reason: 'holds a formula; import values only (copy, then paste values)',
      });
  const typeText = normalise(textOf(get('type'))).replace(/-/g, ' ');
  const type: ItemType =
    typeText === 'objective' || typeText === 'o'
      ? 'objective'
      : ['key result', 'keyresult', 'kr'].includes(typeText)
        ? 'keyResult'
        : ['deliverable', 'project', 'initiative', 'task', 'action'].includes(typeText)
          ? 'deliverable'
          : 'unknown';
  if (type === 'unknown')
    problems.push({
      column: header('type'),
      reason: 'must be Objective, Key result or Deliverable',
    });
  const title = textOf(get('title'));
  if (!title) problems.push({ column: header('title'), reason: 'is empty' });
  const externalId = textOf(get('id')) || null;
  const parent = parentRef(textOf(get('parent')), format);
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

/**
 * The parent a row names. Viva Goals writes "Title(weight: 14.29%, Id: 2295704)" (the
 * first one when it aligns to several: Throughline aligns to one); its id is the reference,
 * its title when an export left the id out.
 */
function parentRef(text: string, format: Format): string | null {
  if (!text) return null;
  if (format !== 'viva_goals') return text;
  const id = /\(\s*weight:[^)]*?\bId:\s*([^)\s,]+)\s*\)/i.exec(text)?.[1];
  if (id) return id;
  const title = /^(.*?)\(\s*weight:/i.exec(text)?.[1]?.trim();
  return title || text;
}

function levelOf(value: Cell | undefined, teamId: string | null) {
  const text = normalise(textOf(value));
  if (text === 'company' || text === 'organization' || text === 'organisation')
    return 'company' as const;
  if (text === 'team') return 'team' as const;
  if (text === 'individual' || text === 'personal') return 'individual' as const;
  return teamId ? ('team' as const) : ('individual' as const);
}

const CURRENCY_SYMBOLS = new Map([
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
]);

/** The metric kind a row says, or (Viva Goals has no kind column) what its unit implies. */
function metricKindOf(value: Cell | undefined, unit: string, format: Format) {
  const text = normalise(textOf(value));
  if (format === 'viva_goals' || !text) {
    if (unit === '%') return 'percent' as const;
    if (CURRENCY_SYMBOLS.has(unit) || /^[A-Z]{3}$/.test(unit)) return 'currency' as const;
    if (!text) return 'number' as const;
  }
  if (text === 'number' || text === 'numeric' || text === 'metric') return 'number' as const;
  if (text === 'percent' || text === 'percentage' || text === '%') return 'percent' as const;
  if (text === 'currency' || text === 'money') return 'currency' as const;
  if (['boolean', 'yes/no', 'yes no', 'binary', 'done'].includes(text)) return 'boolean' as const;
  return null;
}

function currencyOf(value: Cell | undefined, unit: string): string {
  const text = textOf(value) || unit;
  return CURRENCY_SYMBOLS.get(text) ?? text.toUpperCase();
}

/** Viva Goals statuses and Throughline's states, as a deliverable's state. */
function deliverableStateOf(value: Cell | undefined) {
  const text = normalise(textOf(value));
  if (['done', 'completed', 'closed'].includes(text)) return 'done' as const;
  if (['blocked', 'off track', 'behind'].includes(text)) return 'blocked' as const;
  if (['doing', 'in progress', 'on track', 'at risk'].includes(text)) return 'doing' as const;
  return 'todo' as const;
}

const round = (value: number) => Math.round(value * 100) / 100;
