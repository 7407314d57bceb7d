/**
 * The Excel source job: once in each check-in cadence period, every key result linked to
 * Excel (in an open cycle) has its workbook's file downloaded through Graph (app-only, as
 * the background refresh of evidence reads documents; Graph's workbook API has no
 * application permission) and its cell read from the bytes. A value that differs from the
 * key result's records a check-in through the same versioned path as a person's, marked
 * as from Excel, with the workbook attached as evidence.
 *
 * Exactly once per period and link, however many servers run it: each read is claimed in
 * the delivery ledger under `{tenant}:{keyResult}:{period}/{link}:excel-read` first; the
 * loser of a race reads nothing. A failed read (moved file, lost access, a cell with no
 * number) is recorded on the link, where the key result shows it, and the ledger retries
 * it later in the period (2, 4, 8… minutes); a later successful read clears it.
 */
import type { Db } from 'mongodb';
import type { CheckInRequest, ExcelSource, JobRunResult } from '@throughline/contracts';
import { checkInKeyResult } from '../check-ins/service';
import { driveItemPath, type GraphDriveItem } from '../evidence/graph-sources';
import { attachReadDocumentEvidence } from '../evidence/service';
import { isVersionRace } from '../narrative/versioned';
import { getCycle } from '../okrs/cycles';
import { loadKeyResult } from '../okrs/key-results';
import type { StoredKeyResult } from '../okrs/records';
import { knownTenantIds } from '../people/service';
import { getSettings } from '../settings/service';
import { systemContext } from '../platform/auth/system-context';
import type { Context } from '../platform/context';
import { DeliveryLedger, deliverOnce, deliveryKey } from '../platform/deliveries/ledger';
import { GraphFailure, type GraphApi, type GraphClients } from '../platform/graph/client';
import { AppError } from '../platform/http/errors';
import type { Logger } from '../platform/log/logger';
import { cadencePeriodOf } from './cadence';
import { excelSourcesStore, type StoredExcelSource } from './store';
import {
  contentPath,
  failureOf,
  MAX_WORKBOOK_BYTES,
  readCell,
  tooLarge,
  type ReadFailure,
} from './workbook-cell';
import { emptyRunResult } from '../platform/jobs/scheduler';

export interface ExcelJobDeps {
  db: Db;
  log: Logger;
  graph: GraphClients;
}

export interface ExcelRunOptions {
  tenantId?: string;
}

/** A failed read, recorded on the link before the ledger hears of it. */
class ReadFailed extends Error {}

const MAX_CHECK_IN_ATTEMPTS = 3;

export async function runExcelSources(
  deps: ExcelJobDeps,
  now: Date,
  options: ExcelRunOptions = {},
): Promise<JobRunResult> {
  const result = emptyRunResult('excel-sources', now);
  const tenants = options.tenantId ? [options.tenantId] : await knownTenantIds(deps.db);
  for (const tenantId of tenants) {
    const sources = await excelSourcesStore(deps.db, tenantId).all();
    if (sources.length === 0) continue;
    const ctx = systemContext(deps.db, tenantId, now);
    const settings = await getSettings(ctx);
    const ledger = new DeliveryLedger(deps.db, tenantId);
    const graph = deps.graph.forApp(tenantId);
    // One new token per tenant and run, however many of its sources Graph refused.
    let freshGraph: GraphApi | undefined;
    const withFreshToken = () => (freshGraph ??= deps.graph.forApp(tenantId, { freshToken: true }));
    const cycles = new Map<string, Awaited<ReturnType<typeof getCycle>> | null>();
    for (const source of sources) {
      if (!cycles.has(source.cycleId))
        cycles.set(source.cycleId, await getCycle(ctx, source.cycleId).catch(() => null));
      const cycle = cycles.get(source.cycleId);
      // A closed cycle's key results take no check-ins: their sources are not read.
      const period = cycle && cycle.state === 'open' ? cadencePeriodOf(cycle, settings, now) : null;
      if (!period) {
        result.skipped += 1;
        continue;
      }
      const keyOf = (linkId: string) =>
        deliveryKey(tenantId, source.id, `${period.startsOn}/${linkId}`, 'excel-read');
      // A cheap read first: a source read this period is not loaded again on every hourly run.
      const current =
        (await ledger.get(keyOf(source.linkId)))?.state === 'sent'
          ? null
          : await currentKeyResult(ctx, source);
      if (!current) {
        result.skipped += 1;
        continue;
      }
      const { keyResult } = current;
      const link = keyResult.excelSource!;
      let isCheckedIn = false;
      const outcome = await deliverOnce(
        ledger,
        keyOf(link.linkId),
        { kind: 'excel-read', recipientId: keyResult.id, subjectId: link.linkId },
        () => now,
        async () => {
          isCheckedIn = await readOnce(
            { ctx, graph, graphs: deps.graph, withFreshToken },
            keyResult,
            link,
            current.source,
          );
        },
      );
      if (outcome === 'sent' && isCheckedIn) result.sent += 1;
      else if (outcome === 'failed') result.failed += 1;
      else result.skipped += 1;
      if (outcome === 'failed')
        deps.log.warn(
          { tenantId, keyResultId: keyResult.id },
          'excel source read failed; will retry',
        );
    }
  }
  return result;
}

/**
 * The key result and the state of its current link. A state left by a link that never
 * made it onto the key result (it lost the race for the version) is replaced by a fresh
 * one for the key result's own link; an unlinked key result is not read.
 */
async function currentKeyResult(
  ctx: Context,
  source: StoredExcelSource,
): Promise<{ keyResult: StoredKeyResult; source: StoredExcelSource } | null> {
  let keyResult: StoredKeyResult;
  try {
    keyResult = (await loadKeyResult(ctx, source.id)).keyResult;
  } catch {
    return null;
  }
  const link = keyResult.excelSource;
  if (!link) return null;
  if (link.linkId === source.linkId) return { keyResult, source };
  const fresh: StoredExcelSource = {
    id: keyResult.id,
    cycleId: keyResult.cycleId,
    linkId: link.linkId,
    lastReadAt: null,
    lastValue: null,
    lastText: null,
    lastError: null,
  };
  await excelSourcesStore(ctx.db, ctx.principal.tenantId).record(fresh);
  return { keyResult, source: fresh };
}

interface ReadDeps {
  ctx: Context;
  graph: GraphApi;
  graphs: GraphClients;
  /** The tenant's app client with a token asked for anew (after a 403). */
  withFreshToken: () => GraphApi;
}

/** Reads the workbook and its cell once; true when it recorded a check-in. Throws `ReadFailed` after recording why it failed. */
async function readOnce(
  deps: ReadDeps,
  keyResult: StoredKeyResult,
  link: ExcelSource,
  source: StoredExcelSource,
): Promise<boolean> {
  const { ctx } = deps;
  let { graph } = deps;
  const store = excelSourcesStore(ctx.db, ctx.principal.tenantId);
  const at = ctx.now.toISOString();
  const fail = async (failure: ReadFailure): Promise<never> => {
    await store.recordRead({ ...source, lastError: { ...failure, at } });
    throw new ReadFailed(failure.message);
  };
  let item: GraphDriveItem;
  try {
    item = await readItem(graph, link);
  } catch (error) {
    if (!isRefusal(error)) return fail(failureOf(error, link));
    // The cached app token may predate consent given back since: one more try with a new one.
    graph = deps.withFreshToken();
    try {
      item = await readItem(graph, link);
    } catch (again) {
      return fail(failureOf(again, link));
    }
  }
  const named = { ...link, fileName: item.name ?? link.fileName };
  // The item's size first, so a workbook too large to read is not downloaded at all.
  if ((item.size ?? 0) > MAX_WORKBOOK_BYTES) return fail(tooLarge(named.fileName));
  let bytes: Buffer;
  try {
    bytes = await graph.getContent(contentPath(link), { maxBytes: MAX_WORKBOOK_BYTES });
  } catch (error) {
    return fail(failureOf(error, named));
  }
  const reading = await readCell(bytes, named, keyResult.metric);
  if ('failure' in reading) return fail(reading.failure);
  const fileName = item.name ?? link.fileName;
  let isCheckedIn = false;
  if (reading.value !== keyResult.metric.current) {
    try {
      await attachReadDocumentEvidence(
        { ...ctx, graph: deps.graphs },
        {
          target: { kind: 'keyResult', id: keyResult.id },
          note: `Feeds this key result from ${link.label}`,
        },
        item,
        link.driveId,
      );
      await checkInFromExcel(ctx, keyResult, {
        value: reading.value,
        note: `From Excel: ${link.label} in ${fileName}`,
      });
      isCheckedIn = true;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return fail({
        code: 'check_in_refused',
        message: `Throughline read ${reading.text || reading.value} from ${link.label} but could not check it in: ${error.message}`,
      });
    }
  }
  await store.recordRead({
    ...source,
    lastReadAt: at,
    lastValue: reading.value,
    lastText: reading.text,
    lastError: null,
  });
  return isCheckedIn;
}

const readItem = (graph: GraphApi, link: ExcelSource) =>
  graph.get<GraphDriveItem>(driveItemPath(link.driveId, link.itemId));

const isRefusal = (error: unknown) =>
  error instanceof GraphFailure && (error.status === 401 || error.status === 403);

/**
 * A check-in with the key result's last confidence and reported status: Excel gives the
 * value, the people keep saying how sure they are. Before anyone has, the status is the
 * pace's (computed from the facts) and the confidence the middle of the scale, which the
 * check-in's note and origin mark as not a person's word. A person checking in at the same
 * moment wins the version; the job reads the key result again and tries once more.
 */
async function checkInFromExcel(
  ctx: Context,
  keyResult: StoredKeyResult,
  reading: { value: number; note: string },
): Promise<void> {
  let current = keyResult;
  for (let attempt = 1; ; attempt += 1) {
    const request: CheckInRequest = {
      version: current.version,
      value: reading.value,
      confidence: current.confidence ?? 5,
      status:
        [current.reportedStatus, current.paceStatus].find(
          (status): status is Exclude<typeof status, 'not_started' | null> =>
            !!status && status !== 'not_started',
        ) ?? 'on_track',
      note: reading.note,
    };
    try {
      await checkInKeyResult(ctx, current.id, request, { origin: 'excel' });
      return;
    } catch (error) {
      if (!isVersionRace(error) || attempt >= MAX_CHECK_IN_ATTEMPTS) throw error;
      current = (await loadKeyResult(ctx, current.id)).keyResult;
      if (current.metric.current === reading.value) return;
    }
  }
}
