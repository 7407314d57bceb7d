import { z } from 'zod';
import { Id, NOT_BLANK } from './common';

/**
 * Bringing last quarter's OKRs along: a CSV file or an Excel workbook (Throughline's
 * columns, or a Viva Goals export) posted as the request body. A dry run says what would
 * be created, what was imported before, and what is refused (row, column, reason) and
 * writes nothing; the real run creates the same and is idempotent.
 */
export const ImportQuery = z.strictObject({
  cycleId: Id,
  dryRun: z.enum(['true', 'false']).default('true'),
  /** Shown in the narrative ("imported from …"). */
  fileName: z.string().trim().min(1).max(200).meta(NOT_BLANK).default('an import'),
});
export type ImportQuery = z.input<typeof ImportQuery>;

export const ImportOutcome = z.enum(['create', 'already_imported', 'refused']);

export const ImportItem = z.object({
  row: z.number().int(),
  type: z.enum(['objective', 'keyResult', 'deliverable', 'unknown']),
  title: z.string(),
  outcome: ImportOutcome,
  /** Where it is (after the run) or will be: the id is fixed by the row, so a second import finds it. */
  id: Id.nullable(),
  ownerId: Id.nullable(),
  teamId: Id.nullable(),
  problems: z.array(z.object({ column: z.string().nullable(), reason: z.string() })),
});
export type ImportItem = z.infer<typeof ImportItem>;

export const ImportReport = z.object({
  format: z.enum(['throughline', 'viva_goals']),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  alreadyImported: z.number().int(),
  refused: z.number().int(),
  items: z.array(ImportItem),
});
export type ImportReport = z.infer<typeof ImportReport>;
