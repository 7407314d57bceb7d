/**
 * Every stored document carries `tenantId`, and every query made through `TenantStore`
 * filters on it: a store cannot forget the tenant because it never sees the raw filter.
 * Stores return plain objects with `id`, never `_id`, and ISO strings for dates.
 */
import {
  ObjectId,
  MongoServerError,
  type Collection,
  type Db,
  type Document,
  type Filter,
  type FindOptions,
  type UpdateFilter,
} from 'mongodb';
import type { z } from 'zod';
import { AppError } from '../http/errors';
import { reportDamagedRecord } from './damaged-records';

export type Stored<T> = Omit<T, 'id'> & { _id: string; tenantId: string };

export const newId = () => new ObjectId().toHexString();

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Dates become ISO strings and `_id` becomes `id`; `tenantId` stays behind. */
export function fromStored<T>(doc: Document | null): T | null {
  if (!doc) return null;
  const { _id, tenantId: _tenantId, ...rest } = doc;
  return { id: _id, ...(datesToIso(rest) as object) } as T;
}

function datesToIso(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(datesToIso);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, datesToIso(inner)]),
    );
  }
  return value;
}

/**
 * What a collection holds: the kind's name (the narrative's subject kind, for versioned
 * entities), the contract schema each stored document must parse as, and whether its
 * changes go through the narrative. Stored documents may carry more fields than the
 * schema names; those are kept, never stripped. Declared once beside each feature's store.
 */
export interface RecordKind {
  name: string;
  collection: string;
  schema: z.ZodObject;
  isVersioned: boolean;
  /** Re-runs what follows this kind's events (a key result's check-ins) when a repair replays them. */
  replay?: (db: Db, tenantId: string) => EventReplay;
}

export interface EventReplay {
  /** Re-runs the writes that follow the event (child documents, caches); must be idempotent. */
  apply(event: { payload: Record<string, unknown> }): Promise<void>;
}

const kinds: RecordKind[] = [];

/** Declares a kind of record; `npm run db:check` checks every declared kind. */
export function recordKind<K extends RecordKind>(kind: K): K {
  kinds.push(kind);
  return kind;
}

/** Every kind the loaded features declared, in the order they were loaded. */
export const declaredKinds = (): readonly RecordKind[] => kinds;

/** The store of one kind's collection for a tenant. */
export const kindStore = <T extends { id: string }>(db: Db, kind: RecordKind, tenantId: string) =>
  new TenantStore<T>(db, kind.collection, tenantId, kind);

/**
 * The most values one `$in` carries: what this project's FerretDB build pushes down to
 * PostgreSQL's index in one query (scripts/ferretdb-patches). Longer lists are split.
 */
export const MAX_IN_VALUES = 1000;

/** The most documents one reply of a read carries, so a long read is not many `getMore`s. */
const MAX_BATCH = 5000;

/** A read's options with a first batch as large as its limit (the driver's default is 101). */
export const inOneBatch = (options: FindOptions): FindOptions => ({
  batchSize: Math.min(options.limit || MAX_BATCH, MAX_BATCH),
  ...options,
});

/**
 * `{ field: { $in: values } }`, one read per `MAX_IN_VALUES` values, each served from the
 * field's index: by MongoDB, and by FerretDB's PostgreSQL handler with this project's
 * build (its release filters an `$in` in Go over every document the rest of the filter
 * leaves). Each document comes once; `options.limit` bounds each value's share.
 */
export async function findEachOf(
  collection: Collection<Document>,
  field: string,
  values: readonly string[],
  filter: Filter<Document>,
  options: FindOptions = {},
): Promise<Document[]> {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return [];
  const chunks: string[][] = [];
  for (let start = 0; start < distinct.length; start += MAX_IN_VALUES)
    chunks.push(distinct.slice(start, start + MAX_IN_VALUES));
  const lists = await Promise.all(
    chunks.map((chunk) =>
      collection
        .find(
          { ...filter, [field]: chunk.length === 1 ? chunk[0] : { $in: chunk } },
          inOneBatch({ ...options, limit: options.limit && options.limit * chunk.length }),
        )
        .toArray(),
    ),
  );
  const byId = new Map<string, Document>();
  for (const doc of lists.flat()) if (!byId.has(String(doc._id))) byId.set(String(doc._id), doc);
  return [...byId.values()];
}

export class TenantStore<T extends { id: string }> {
  readonly collection: Collection<Document>;
  constructor(
    private readonly db: Db,
    name: string,
    readonly tenantId: string,
    readonly kind?: RecordKind,
  ) {
    this.collection = db.collection(name);
  }

  private scope(filter: Filter<Document>): Filter<Document> {
    return { ...filter, tenantId: this.tenantId };
  }

  /**
   * One entity by id. A document that does not parse as this store's kind is reported and
   * answers `null` (so lists and look-ups skip it), or with `ifDamaged: 'throw'` a clear
   * `record_damaged` error, for the route that was asked for exactly that entity.
   */
  async findById(id: string, options: { ifDamaged?: 'skip' | 'throw' } = {}): Promise<T | null> {
    const entity = fromStored<T>(
      await this.collection.findOne(this.scope({ _id: id as unknown as ObjectId })),
    );
    if (!entity || this.isIntact(entity)) return entity;
    if (options.ifDamaged === 'throw')
      throw new AppError(
        'record_damaged',
        `The stored ${this.kind!.name} ${id} is damaged and cannot be read. Quote the request id to an administrator; npm run db:check finds and repairs such records.`,
      );
    return null;
  }

  async findOne(filter: Filter<Document>): Promise<T | null> {
    const entity = fromStored<T>(await this.collection.findOne(this.scope(filter)));
    return entity && this.isIntact(entity) ? entity : null;
  }

  async find(filter: Filter<Document>, options: FindOptions = {}): Promise<T[]> {
    const docs = await this.collection.find(this.scope(filter), inOneBatch(options)).toArray();
    const schema = this.kind ? schemaForProjection(this.kind.schema, options.projection) : null;
    return docs.map((doc) => fromStored<T>(doc)!).filter((entity) => this.isIntact(entity, schema));
  }

  /**
   * The documents whose `field` equals (or, for an array field, contains) one of `values`,
   * each once. `options.limit` bounds each value's share (the read's limit is it times the
   * number of values); ask for a sort only if the caller sorts again (reads of more than
   * `MAX_IN_VALUES` values are joined one after the other). See `findEachOf`.
   */
  async findAmong(
    field: string,
    values: readonly string[],
    filter: Filter<Document> = {},
    options: FindOptions = {},
  ): Promise<T[]> {
    const schema = this.kind ? schemaForProjection(this.kind.schema, options.projection) : null;
    const docs = await findEachOf(this.collection, field, values, this.scope(filter), options);
    return docs.map((doc) => fromStored<T>(doc)!).filter((entity) => this.isIntact(entity, schema));
  }

  /** Whether a stored document parses as this store's kind; reports it (once) when not. */
  private isIntact(entity: T, schema: z.ZodObject | null = this.kind?.schema ?? null): boolean {
    if (!this.kind || !schema) return true;
    const problems = problemsOf(schema, entity);
    if (!problems) return true;
    reportDamagedRecord(this.db, {
      collection: this.collection.collectionName,
      kind: this.kind.name,
      tenantId: this.tenantId,
      id: String(entity.id),
      problems,
    });
    return false;
  }

  /** Writes the entity whatever version is stored: only for `db:check --fix`, which rebuilds a damaged record. */
  async overwrite(entity: T): Promise<void> {
    const { id, ...rest } = entity;
    await this.collection.replaceOne(
      this.scope({ _id: id as unknown as ObjectId }),
      { ...isoToDates(rest), tenantId: this.tenantId },
      { upsert: true },
    );
  }

  async count(filter: Filter<Document>): Promise<number> {
    return this.collection.countDocuments(this.scope(filter));
  }

  /** Inserts; a duplicate `_id` or unique key becomes `already_exists`. */
  async insert(entity: T): Promise<void> {
    const { id, ...rest } = entity;
    try {
      await this.collection.insertOne({
        ...isoToDates(rest),
        _id: id as unknown as ObjectId,
        tenantId: this.tenantId,
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('already_exists', 'That already exists.');
      throw error;
    }
  }

  /**
   * Brings the stored document up to `entity.version` unless it is already there or
   * beyond: a writer and a reader repairing from the same event may race here, and a
   * late repair must never take a document back to an older version.
   */
  async replaceIfNewer(entity: T & { version: number }): Promise<void> {
    const { id, ...rest } = entity;
    try {
      await this.collection.replaceOne(
        this.scope({
          _id: id as unknown as ObjectId,
          $or: [{ version: { $lt: entity.version } }, { version: { $exists: false } }],
        }),
        { ...isoToDates(rest), tenantId: this.tenantId },
        { upsert: true },
      );
    } catch (error) {
      // The document exists at this version or a newer one: nothing to do.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Writes a document that never changes once written (a check-in); a second write is a no-op. */
  async insertOnce(entity: T): Promise<void> {
    const { id, ...rest } = entity;
    try {
      await this.collection.insertOne({
        ...isoToDates(rest),
        _id: id as unknown as ObjectId,
        tenantId: this.tenantId,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async update(id: string, update: UpdateFilter<Document>): Promise<void> {
    await this.collection.updateOne(this.scope({ _id: id as unknown as ObjectId }), update);
  }

  async updateMany(filter: Filter<Document>, update: UpdateFilter<Document>): Promise<void> {
    await this.collection.updateMany(this.scope(filter), update);
  }
}

/**
 * A null written with `$setOnInsert` or `$set` may come back as a missing field (FerretDB
 * drops some); a field the kind allows to be null reads as null, as the API promises.
 */
function fillMissingNulls(entity: Record<string, unknown>, schema: z.ZodObject): void {
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    if (entity[field] === undefined && (fieldSchema as z.ZodType).safeParse(null).success)
      entity[field] = null;
  }
}

/**
 * Why a stored entity does not parse as its kind (`path: message`, at most five), or null
 * when it does. Fills fields the kind allows to be null but the database left out.
 */
export function problemsOf(schema: z.ZodObject, entity: object): string[] | null {
  fillMissingNulls(entity as Record<string, unknown>, schema);
  const result = schema.safeParse(entity);
  if (result.success) return null;
  return result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`);
}

/**
 * The part of a kind's schema a projected read can be checked against: the included
 * top-level fields (a nested path such as `metric.unit` is not checked), or all but the
 * excluded ones. Without a projection, the whole schema.
 */
function schemaForProjection(
  schema: z.ZodObject,
  projection: Document | undefined,
): z.ZodObject | null {
  if (!projection || Object.keys(projection).length === 0) return schema;
  const entries = Object.entries(projection).filter(([field]) => field !== '_id');
  if (entries.length === 0) return null;
  const known = new Set(Object.keys(schema.shape));
  const isInclusion = entries.some(([, value]) => value === 1 || value === true);
  const fields = entries.map(([field]) => field).filter((field) => known.has(field));
  const mask = Object.fromEntries(fields.map((field) => [field, true])) as Record<string, true> &
    Record<number, never>;
  return isInclusion ? schema.pick(mask) : schema.omit(mask);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Timestamps are stored as UTC Dates (calendar dates such as due dates stay strings). */
function isoToDates(value: unknown): Document {
  const convert = (inner: unknown): unknown => {
    if (typeof inner === 'string' && ISO_DATE_TIME.test(inner)) return new Date(inner);
    if (Array.isArray(inner)) return inner.map(convert);
    if (inner && typeof inner === 'object' && !(inner instanceof Date)) {
      return Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, convert(item)]));
    }
    return inner;
  };
  return convert(value) as Document;
}

/** Opaque cursors: base64url of the sort key of the last item on the page. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.every((part) => typeof part === 'string' || typeof part === 'number')
    )
      return parts;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'The cursor is not one this server issued.', [
    { path: 'query.cursor', message: 'is not a valid cursor' },
  ]);
}
