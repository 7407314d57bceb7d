/**
 * `findEachOf`, which every list of ids goes through: one `$in` per `MAX_IN_VALUES` values,
 * answered from the field's index. On FerretDB that rests on this project's build pushing
 * `$in` down to PostgreSQL as `?|`, which selects a superset (an object with such a key too)
 * that FerretDB filters again — so these check the answers, not only the plan.
 */
import type { Collection, Document } from 'mongodb';
import { findEachOf, MAX_IN_VALUES } from '../../src/platform/db/documents';
import { openTestDatabase } from '../../../tests/support/database';

describe('findEachOf', () => {
  const database = openTestDatabase('findamong');
  let items: Collection<Document>;
  const count = MAX_IN_VALUES * 2 + 300;

  beforeAll(async () => {
    items = database.db.collection('items');
    await items.createIndex({ tenantId: 1, parentId: 1 }, { name: 'by_parent' });
    await items.createIndex({ tenantId: 1, memberIds: 1 }, { name: 'by_member' });
    await items.insertMany(
      Array.from({ length: count }, (_, index) => ({
        _id: `item-${index}` as never,
        tenantId: index % 10 === 9 ? 'other' : 'ours',
        parentId: `parent-${index % 1500}`,
        memberIds: [`person-${index % 7}`, 'everyone'],
      })),
    );
    // What `?|` also selects and an `$in` must not match: the value as an object's key.
    await items.insertOne({
      _id: 'keyed' as never,
      tenantId: 'ours',
      parentId: { 'parent-1': true },
      memberIds: { 'person-3': 1 },
    });
  });
  afterAll(() => database.close());

  const idsOf = (docs: Document[]) => docs.map((doc) => String(doc._id)).sort();
  const expected = (match: (index: number) => boolean) =>
    Array.from({ length: count }, (_, index) => index)
      .filter((index) => index % 10 !== 9 && match(index))
      .map((index) => `item-${index}`)
      .sort();

  it('finds every document of more values than one read carries, once each, in the tenant only', async () => {
    const wanted = Array.from({ length: 1400 }, (_, index) => `parent-${index}`);
    const found = await findEachOf(items, 'parentId', [...wanted, ...wanted.slice(0, 50)], {
      tenantId: 'ours',
    });
    expect(idsOf(found)).toEqual(expected((index) => index % 1500 < 1400));
  });

  it('matches an array field holding any of the values, and never an object keyed by one', async () => {
    const found = await findEachOf(items, 'memberIds', ['person-3', 'person-5', 'nobody'], {
      tenantId: 'ours',
    });
    expect(idsOf(found)).toEqual(expected((index) => index % 7 === 3 || index % 7 === 5));
    const byParent = await findEachOf(items, 'parentId', ['parent-1'], { tenantId: 'ours' });
    expect(idsOf(byParent)).not.toContain('keyed');
  });

  it('bounds each value’s share with the limit', async () => {
    const found = await findEachOf(
      items,
      'memberIds',
      ['person-1', 'person-2'],
      { tenantId: 'ours' },
      { limit: 5 },
    );
    expect(found).toHaveLength(10);
  });

  it('is answered from the field’s index', async () => {
    const plan = (await items
      .find({ tenantId: 'ours', parentId: { $in: ['parent-1', 'parent-2'] } })
      .explain()) as Document;
    // FerretDB says whether the filter went down to its backend (its SQLite handler pushes
    // down only `_id`, so there it does not); MongoDB names its index scan.
    if ('ferretdbVersion' in (plan.serverInfo ?? {}))
      expect(plan.filterPushdown).toBe(process.env.LOCAL_DATABASE !== 'sqlite');
    else expect(JSON.stringify(plan.queryPlanner)).toContain('IXSCAN');
  });
});
