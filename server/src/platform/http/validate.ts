import type { z } from 'zod';
import { AppError, type ErrorDetail } from './errors';

/**
 * Parses untrusted input with a contracts schema; a failure names every bad field. No
 * string may hold NUL (U+0000): no text a person writes has one, and the database's
 * PostgreSQL storage cannot keep it — refused here, it is a 400, not a failed write.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<S> {
  const nul = pathToNul(value);
  if (nul)
    throw new AppError(
      'validation_failed',
      'The request is not valid: text holds a NUL character.',
      [{ path: [where, ...nul].join('.'), message: 'must not hold a NUL character (U+0000)' }],
    );
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    code: issue.code,
  }));
  const first = details[0];
  throw new AppError(
    'validation_failed',
    first
      ? `The request is not valid: ${first.path} ${first.message.charAt(0).toLowerCase()}${first.message.slice(1)}`
      : 'The request is not valid.',
    details,
  );
}

/** Where in a parsed JSON value (or query) a string or key holds U+0000, or null. */
function pathToNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathToNul(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key];
      const found = pathToNul(item, [...path, key]);
      if (found) return found;
    }
  return null;
}
