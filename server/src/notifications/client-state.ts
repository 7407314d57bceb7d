/**
 * Each subscription gets its own random clientState; Graph echoes it in every
 * notification, which is how a notification proves it came from Graph for that
 * subscription. Only its hash is stored, and the check compares fixed-length digests
 * with `timingSafeEqual`, so neither the answer nor the time it takes leaks the secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newClientState(): string {
  // 32 bytes → 43 base64url characters (Graph allows up to 128).
  return randomBytes(32).toString('base64url');
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function hashClientState(clientState: string): string {
  return digest(clientState).toString('hex');
}

/** Constant-time: does the received clientState hash to the stored hash? */
export function isClientStateValid(
  received: unknown,
  storedHash: string | null | undefined,
): boolean {
  if (typeof received !== 'string' || !storedHash || !/^[0-9a-f]{64}$/.test(storedHash))
    return false;
  return timingSafeEqual(digest(received), Buffer.from(storedHash, 'hex'));
}
