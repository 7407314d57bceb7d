import { z } from 'zod';

/** Ids are ObjectId hex strings or Graph GUIDs: never anything that could be an operator. */
export const Id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an id (letters, digits and -)');
export type Id = z.infer<typeof Id>;

/**
 * For the OpenAPI document: text with something besides the whitespace `trim()` removes
 * (JavaScript's set, spelled out: a JSON Schema `\\s` is another set in another language).
 */
const VISIBLE =
  '[^\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
export const NOT_BLANK = { pattern: VISIBLE };
/** At least three characters once trimmed: a visible one, one or more of any, a visible one. */
export const THREE_AFTER_TRIM = { pattern: `${VISIBLE}[\\s\\S]+${VISIBLE}` };

/** Free text from people: trimmed, bounded, never empty where it is required. */
export const Title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .meta(NOT_BLANK);
export const LongText = z.string().trim().max(4000, 'must be at most 4000 characters');
export const IsoDate = z.iso.date();
export const IsoDateTime = z.iso.datetime({ offset: true });
export const Version = z.number().int().min(1);
export const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from a previous page');
export const PageLimit = z.coerce.number().int().min(1).max(100).default(25);

export const Status = z.enum(['not_started', 'on_track', 'at_risk', 'off_track', 'done']);
export type Status = z.infer<typeof Status>;

export const Progress = z.number().min(0).max(1);

export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .union([
        z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
        z.record(z.string(), z.unknown()),
      ])
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The body of an action that takes no input (close a cycle, start a sync): `{}` and nothing else. */
export const EmptyRequest = z.strictObject({});

/*
 * The JSON Schema of rules a `refine` enforces, for the OpenAPI document: zod cannot write a
 * refine out, so a schema with one states it again with `.meta(...)` in a shape JSON Schema
 * has, and clients and fuzzers generate requests the server accepts.
 */
/** At least one of these groups of properties is given in full. */
export const anyOfRequired = (...groups: string[][]) => ({
  anyOf: groups.map((required) => ({ required })),
});
/** Exactly one of these properties is given. */
export const oneOfRequired = (...names: string[]) => ({
  oneOf: names.map((name) => ({ required: [name] })),
});
/** Not both of these properties. */
export const notBoth = (first: string, second: string) => ({
  not: { required: [first, second] },
});
