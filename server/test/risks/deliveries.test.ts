/** The delivery ledger against the real database: the insert is the only lock. */
import { DeliveryLedger, deliverOnce, deliveryKey } from '../../src/platform/deliveries/ledger';
import { openTestDatabase } from '../../../tests/support/database';

const meta = { kind: 'weekly-digest' as const, recipientId: 'p1', subjectId: '2026-11-23' };
const at = (minutes: number) => new Date(Date.parse('2026-11-27T16:00:00Z') + minutes * 60_000);

describe('the delivery ledger', () => {
  const database = openTestDatabase('deliveries');
  afterAll(() => database.close());

  it('lets exactly one of many concurrent senders send', async () => {
    const key = deliveryKey('t1', 'p1', '2026-11-23', 'weekly-digest');
    let sends = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        deliverOnce(
          new DeliveryLedger(database.db, 't1'),
          key,
          meta,
          () => at(0),
          async () => void (sends += 1),
        ),
      ),
    );
    expect(sends).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect((await new DeliveryLedger(database.db, 't1').get(key))?.state).toBe('sent');
  });

  it('retries a delivery whose sender died mid-run only after the stale window, once', async () => {
    const ledger = new DeliveryLedger(database.db, 't1', { staleAfterMinutes: 10, maxAttempts: 5 });
    const key = deliveryKey('t1', 'p2', '2026-11-23', 'weekly-digest');
    expect(await ledger.claim(key, meta, at(0))).toEqual({ isClaimed: true, attempt: 1 });
    // The process "restarts" here without marking anything.
    expect(await ledger.claim(key, meta, at(9))).toEqual({ isClaimed: false, reason: 'in_flight' });
    const takeovers = await Promise.all([
      ledger.claim(key, meta, at(11)),
      ledger.claim(key, meta, at(11)),
    ]);
    expect(takeovers.filter((claim) => claim.isClaimed)).toEqual([{ isClaimed: true, attempt: 2 }]);
    await ledger.markSent(key, at(12));
    expect(await ledger.claim(key, meta, at(60))).toEqual({ isClaimed: false, reason: 'sent' });
  });

  it('backs off after a failed send and gives up after the last attempt', async () => {
    const ledger = new DeliveryLedger(database.db, 't1', { staleAfterMinutes: 10, maxAttempts: 2 });
    const key = deliveryKey('t1', 'p3', '2026-11-23', 'weekly-digest');
    expect(
      await deliverOnce(
        ledger,
        key,
        meta,
        () => at(0),
        () => Promise.reject(new Error('Graph said 503')),
      ),
    ).toBe('failed');
    expect((await ledger.get(key))?.lastError).toBe('Graph said 503');
    expect(await ledger.claim(key, meta, at(1))).toEqual({
      isClaimed: false,
      reason: 'retry_later',
    });
    expect(
      await deliverOnce(
        ledger,
        key,
        meta,
        () => at(3),
        () => Promise.reject(new Error('again')),
      ),
    ).toBe('failed');
    expect(await ledger.claim(key, meta, at(60))).toEqual({ isClaimed: false, reason: 'gave_up' });
  });
});
