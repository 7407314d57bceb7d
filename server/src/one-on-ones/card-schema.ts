/**
 * Validates Adaptive Cards against the official Adaptive Card 1.5 JSON schema, vendored in
 * `server/vendor` (see its SOURCES.md) and read from disk — never fetched at run time.
 * The schema is draft-06 and names itself with the older `id`; ajv 8 takes draft-06 once
 * its meta-schema is added, and the `id` is passed on as `$id`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

export const CARD_SCHEMA_PATH = path.join(
  __dirname,
  '..',
  '..',
  'vendor',
  'adaptive-card-1.5.schema.json',
);

let validator: ValidateFunction | null = null;

function isUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function compile(): ValidateFunction {
  const {
    id,
    $schema: _dialect,
    ...schema
  } = JSON.parse(readFileSync(CARD_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // strict: false because the schema carries keywords ajv does not know (e.g. `version` annotations).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', (value: string) => isUri(value) || /^[^\s]*$/.test(value));
  return ajv.compile({
    ...schema,
    $schema: 'http://json-schema.org/draft-06/schema#',
    $id: String(id),
  } as Record<string, unknown>);
}

export interface CardValidation {
  isValid: boolean;
  errors: { path: string; message: string }[];
}

export function validateAdaptiveCard(card: unknown): CardValidation {
  validator ??= compile();
  const isValid = validator(card) as boolean;
  const errors = ((validator.errors ?? []) as ErrorObject[]).map((error) => ({
    path: error.instancePath || '/',
    message: error.message ?? error.keyword,
  }));
  return { isValid, errors: isValid ? [] : errors };
}
