/** What the key result page shows of its Excel source: the last read, or why it failed. */
import type { ExcelSourceState, KeyResult } from '@throughline/contracts';
import type { Context } from '../platform/context';
import { excelSourcesStore } from './store';

/** The state of the key result's current link; null without one (a state left by an older link is not shown). */
export async function excelStateOf(
  ctx: Pick<Context, 'db' | 'principal'>,
  keyResult: Pick<KeyResult, 'id' | 'excelSource'>,
): Promise<ExcelSourceState | null> {
  if (!keyResult.excelSource) return null;
  const stored = await excelSourcesStore(ctx.db, ctx.principal.tenantId).find(keyResult.id);
  if (!stored || stored.linkId !== keyResult.excelSource.linkId)
    return {
      linkId: keyResult.excelSource.linkId,
      lastReadAt: null,
      lastValue: null,
      lastText: null,
      lastError: null,
    };
  return {
    linkId: stored.linkId,
    lastReadAt: stored.lastReadAt,
    lastValue: stored.lastValue,
    lastText: stored.lastText,
    lastError: stored.lastError,
  };
}
