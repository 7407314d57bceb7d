import type { z } from 'zod';
import { AppError, type ErrorDetail } from './errors';

/** Parses untrusted input with a contracts schema; a failure names every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<S> {
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
