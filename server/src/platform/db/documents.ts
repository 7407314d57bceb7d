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
import { AppError } from '../http/errors';

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

export class TenantStore<T extends { id: string }> {
  readonly collection: Collection<Document>;
  constructor(
    db: Db,
    name: string,
    readonly tenantId: string,
  ) {
    this.collection = db.collection(name);
  }

  private scope(filter: Filter<Document>): Filter<Document> {
    return { ...filter, tenantId: this.tenantId };
  }

  async findById(id: string): Promise<T | null> {
    return fromStored<T>(
      await this.collection.findOne(this.scope({ _id: id as unknown as ObjectId })),
    );
  }

  async findOne(filter: Filter<Document>): Promise<T | null> {
    return fromStored<T>(await this.collection.findOne(this.scope(filter)));
  }

  async find(filter: Filter<Document>, options: FindOptions = {}): Promise<T[]> {
    const docs = await this.collection.find(this.scope(filter), options).toArray();
    return docs.map((doc) => fromStored<T>(doc)!);
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
