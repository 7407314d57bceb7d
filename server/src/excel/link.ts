/**
 * Linking a key result to Excel, and unlinking it: a versioned change of the key result
 * with its own narrative event, made by those who may edit it. Before anything is written
 * the workbook's file is downloaded on behalf of the caller and the cell read from it, so a link to a file they
 * cannot open, or to a sheet or name the workbook does not hold, is refused at once and
 * nothing is stored. A cell that holds no number yet is linked, and its state says so.
 */
import type {
  ExcelReference,
  ExcelSource,
  KeyResultDetail,
  LinkExcelSourceRequest,
} from '@throughline/contracts';
import { parseCellReference } from '@throughline/contracts';
import { driveItemPath, sharedItemPath, type GraphDriveItem } from '../evidence/graph-sources';
import { editVersioned, event } from '../narrative/versioned';
import { teamIds, unique } from '../okrs/audience';
import { commitKeyResultChange } from '../okrs/check-in-records';
import { requireOpenCycle } from '../okrs/cycles';
import { getKeyResultDetail, loadKeyResult } from '../okrs/key-results';
import { canEditKeyResult, refuse } from '../okrs/permissions';
import { viewerOf } from '../okrs/viewer';
import type { Context } from '../platform/context';
import { newId } from '../platform/db/documents';
import { ContentTooLarge, toAppError, type GraphClients } from '../platform/graph/client';
import { AppError, notFound } from '../platform/http/errors';
import { excelSourcesStore } from './store';
import {
  contentPath,
  labelOf,
  MAX_WORKBOOK_BYTES,
  parseWorkbook,
  rangeOf,
  readingOf,
  tooLarge,
} from './workbook-cell';

export interface ExcelContext extends Context {
  graph: GraphClients;
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function referenceOf(request: LinkExcelSourceRequest): ExcelReference {
  if (request.name !== undefined) return { kind: 'name', name: request.name };
  const cell = parseCellReference(request.cell!)!;
  return { kind: 'cell', sheet: cell.sheet, cell: cell.cell };
}

export async function linkExcelSource(
  ctx: ExcelContext,
  keyResultId: string,
  request: LinkExcelSourceRequest,
): Promise<KeyResultDetail> {
  const viewer = await viewerOf(ctx);
  const graph = ctx.graph.forUser(ctx.principal);
  const reference = referenceOf(request);
  const label = labelOf(reference);
  await editVersioned({
    load: async () => {
      const { keyResult, objective } = await loadKeyResult(ctx, keyResultId);
      return { before: keyResult, objective };
    },
    authorise: ({ before, objective }) => {
      if (!canEditKeyResult(viewer, before, objective))
        refuse('Only the key result’s owners, their managers and admins can link it to Excel.');
    },
    guard: ({ before }) => requireOpenCycle(ctx, before.cycleId),
    version: request.version,
    change: async ({ before }) => {
      if (before.metric.kind === 'milestone')
        throw new AppError(
          'validation_failed',
          'A milestone key result is checked in milestone by milestone; one cell cannot feed it.',
          [{ path: 'body.cell', message: 'milestone key results cannot be fed from Excel' }],
        );
      const item = await readWorkbookItem(graph, request);
      const driveId = item.parentReference?.driveId ?? request.driveId;
      if (!driveId)
        throw new AppError(
          'unprocessable',
          'Microsoft 365 did not say which drive holds that workbook.',
        );
      const source: ExcelSource = {
        linkId: newId(),
        driveId,
        itemId: item.id,
        fileName: item.name ?? 'Workbook',
        webUrl: item.webUrl ?? null,
        reference,
        label,
        linkedBy: ctx.principal.userId,
        linkedAt: ctx.now.toISOString(),
      };
      const range = await readRange(graph, source, request);
      const reading = readingOf(range, label, before.metric);
      const at = ctx.now.toISOString();
      // Recorded before the key result, so the job finds every linked key result even if
      // the server stops between the two writes; a link that lost the race for its version
      // leaves a state the job replaces with the key result's own link.
      await excelSourcesStore(ctx.db, ctx.principal.tenantId).record({
        id: keyResultId,
        cycleId: before.cycleId,
        linkId: source.linkId,
        lastReadAt: 'value' in reading ? at : null,
        lastValue: 'value' in reading ? reading.value : null,
        lastText: 'value' in reading ? reading.text : null,
        lastError: 'failure' in reading ? { ...reading.failure, at } : null,
      });
      return { ...before, excelSource: source, updatedAt: at };
    },
    fields: ['excelSource'],
    commit: (after, _changes, { before, objective }) =>
      commitKeyResultChange(
        ctx,
        after,
        excelEvent(ctx, 'key_result.excel_linked', before, objective, {
          summary: `linked “${before.title}” to ${label} in ${after.excelSource!.fileName}`,
          payload: { excelSource: after.excelSource, previous: before.excelSource ?? null },
        }),
      ),
  });
  return getKeyResultDetail(ctx, keyResultId);
}

export async function unlinkExcelSource(
  ctx: Context,
  keyResultId: string,
  version: number,
): Promise<KeyResultDetail> {
  const viewer = await viewerOf(ctx);
  await editVersioned({
    load: async () => {
      const { keyResult, objective } = await loadKeyResult(ctx, keyResultId);
      return { before: keyResult, objective };
    },
    authorise: ({ before, objective }) => {
      if (!canEditKeyResult(viewer, before, objective))
        refuse('Only the key result’s owners, their managers and admins can unlink it from Excel.');
    },
    guard: async ({ before }) => {
      await requireOpenCycle(ctx, before.cycleId);
      if (!before.excelSource)
        throw notFound('That key result’s Excel source', 'excel_source_not_found');
    },
    version,
    change: ({ before }) => ({ ...before, excelSource: null, updatedAt: ctx.now.toISOString() }),
    fields: ['excelSource'],
    commit: (after, _changes, { before, objective }) =>
      commitKeyResultChange(
        ctx,
        after,
        excelEvent(ctx, 'key_result.excel_unlinked', before, objective, {
          summary: `stopped feeding “${before.title}” from ${before.excelSource!.label} in ${before.excelSource!.fileName}`,
          payload: { previous: before.excelSource },
        }),
      ),
  });
  await excelSourcesStore(ctx.db, ctx.principal.tenantId).remove(keyResultId);
  return getKeyResultDetail(ctx, keyResultId);
}

/** The workbook as the caller sees it; a file that is no .xlsx workbook is refused. */
async function readWorkbookItem(
  graph: ReturnType<GraphClients['forUser']>,
  request: LinkExcelSourceRequest,
): Promise<GraphDriveItem> {
  const path = request.sharingUrl
    ? sharedItemPath(request.sharingUrl)
    : driveItemPath(request.driveId!, request.itemId!);
  let item: GraphDriveItem;
  try {
    item = await graph.get<GraphDriveItem>(path);
  } catch (error) {
    throw toAppError(error, 'that workbook');
  }
  const isWorkbook =
    item.file?.mimeType === XLSX_MIME || (item.name ?? '').toLowerCase().endsWith('.xlsx');
  if (!isWorkbook)
    throw new AppError(
      'validation_failed',
      `“${item.name ?? 'That file'}” is not an Excel workbook (.xlsx); only workbooks can feed a key result.`,
      [
        {
          path: request.sharingUrl ? 'body.sharingUrl' : 'body.itemId',
          message: 'must be an .xlsx workbook',
        },
      ],
    );
  // Before any download: a workbook too large to read is refused by its size.
  if ((item.size ?? 0) > MAX_WORKBOOK_BYTES)
    throw new AppError('validation_failed', tooLarge(item.name ?? 'That file').message, [
      {
        path: request.sharingUrl ? 'body.sharingUrl' : 'body.itemId',
        message: `must be at most ${MAX_WORKBOOK_BYTES} bytes`,
      },
    ]);
  return item;
}

/**
 * The linked range as the caller sees it, from the workbook's file: a file too large or no
 * workbook, and a sheet or name the workbook lacks, are the caller's input to fix.
 */
async function readRange(
  graph: ReturnType<GraphClients['forUser']>,
  source: ExcelSource,
  request: LinkExcelSourceRequest,
) {
  const refuse = (message: string, path: string) =>
    new AppError('validation_failed', message, [{ path, message }]);
  const filePath = request.sharingUrl ? 'body.sharingUrl' : 'body.itemId';
  const referencePath = source.reference.kind === 'name' ? 'body.name' : 'body.cell';
  let bytes: Buffer;
  try {
    bytes = await graph.getContent(contentPath(source), { maxBytes: MAX_WORKBOOK_BYTES });
  } catch (error) {
    if (error instanceof ContentTooLarge) throw refuse(tooLarge(source.fileName).message, filePath);
    throw toAppError(error, 'that workbook');
  }
  const parsed = await parseWorkbook(bytes, source.fileName);
  if ('failure' in parsed) throw refuse(parsed.failure.message, filePath);
  const range = rangeOf(parsed.workbook, source);
  if ('failure' in range) throw refuse(range.failure.message, referencePath);
  return range;
}

/** The narrative event of a change to a key result's Excel source, for its owners and team. */
function excelEvent(
  ctx: Context,
  type: string,
  keyResult: { id: string; ownerId: string },
  objective: { id: string; ownerId: string; teamId: string | null },
  said: { summary: string; payload: Record<string, unknown> },
) {
  return event(ctx, type, 'keyResult', {
    objectiveId: objective.id,
    keyResultId: keyResult.id,
    personIds: unique([keyResult.ownerId, objective.ownerId]),
    teamIds: teamIds(objective.teamId),
    ...said,
  });
}
