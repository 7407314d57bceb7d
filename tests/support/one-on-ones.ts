/** Settings the 1-on-1 tests share. */
import type { ApiClient } from '@throughline/contracts';

/** A week of lead time and look-ahead: every 1-on-1 of the coming week is due for its prep card now. */
export async function makeThisWeeksOneOnOnesDue(admin: ApiClient): Promise<void> {
  const settings = await admin.settings.get();
  await admin.settings.update({
    version: settings.version,
    prepCardLeadMinutes: 7 * 24 * 60,
    oneOnOneLookaheadDays: 7,
  });
}
