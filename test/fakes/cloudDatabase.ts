/**
 * An in-memory stand-in for exactly the wx-server-sdk database calls the CloudBase store uses, strict
 * where the real SDK is: add/update need the {data} wrapper, collections must exist (-502005), a taken
 * _id fails the add (-502001 duplicate key), update cannot touch _id, plain nested objects merge field
 * by field while command.set replaces, limit is 1..1000, field names may not hold `.` or start with `$`
 * (as in MongoDB, which the cloud database is), comparisons match only values of the same type, and
 * results are copies.
 */
import type { CloudCollection, CloudDatabase, CloudQuery } from '../../server/orders/cloudbaseStore';

type Doc = Record<string, unknown> & { _id: string };
type Op = { op: 'in'; values: unknown[] } | { op: 'lt' | 'lte'; value: unknown } | { op: 'set'; value: unknown };
const OP = Symbol('command');
type Command = { [OP]: Op };

class CloudError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
  }
}

const isCommand = (value: unknown): value is Command => typeof value === 'object' && value !== null && OP in value;
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !isCommand(value);

export class FakeCloudDatabase implements CloudDatabase {
  readonly collections = new Map<string, Doc[]>();
  /** Unique indexes besides _id, as created in the console. */
  readonly uniqueFields = new Map<string, string[]>();
  /** Set to make the next database call fail like a CloudBase outage. */
  failNext: string | null = null;
  private nextId = 1;

  readonly command = {
    in: (values: unknown[]): Command => {
      if (!Array.isArray(values)) throw new CloudError(-501001, 'command.in expects an array');
      return { [OP]: { op: 'in', values } };
    },
    lt: (value: unknown): Command => ({ [OP]: { op: 'lt', value } }),
    lte: (value: unknown): Command => ({ [OP]: { op: 'lte', value } }),
    set: (value: unknown): Command => ({ [OP]: { op: 'set', value } }),
  };

  createCollection(name: string): void {
    if (!this.collections.has(name)) this.collections.set(name, []);
  }

  collection(name: string): CloudCollection {
    return new FakeQuery(this, name, [], null, null) as unknown as CloudCollection;
  }

  docs(name: string): Doc[] {
    if (this.failNext) {
      const message = this.failNext;
      this.failNext = null;
      throw new CloudError(-502011, message);
    }
    const docs = this.collections.get(name);
    if (!docs) throw new CloudError(-502005, `database collection not exists: ${name}`);
    return docs;
  }

  newId(): string {
    return `fake-${this.nextId++}`;
  }
}

class FakeQuery implements CloudQuery {
  constructor(
    private readonly db: FakeCloudDatabase,
    private readonly name: string,
    private readonly filters: Record<string, unknown>[],
    private readonly order: { field: string; dir: 'asc' | 'desc' } | null,
    private readonly max: number | null,
  ) {}

  where(query: Record<string, unknown>): CloudQuery {
    if (!isPlainObject(query)) throw new CloudError(-501001, 'where expects an object');
    return new FakeQuery(this.db, this.name, [...this.filters, query], this.order, this.max);
  }

  orderBy(field: string, dir: 'asc' | 'desc'): CloudQuery {
    if (dir !== 'asc' && dir !== 'desc') throw new CloudError(-501001, `orderBy direction must be asc or desc, got ${String(dir)}`);
    return new FakeQuery(this.db, this.name, this.filters, { field, dir }, this.max);
  }

  limit(max: number): CloudQuery {
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new CloudError(-501001, `limit must be 1..1000, got ${max}`);
    return new FakeQuery(this.db, this.name, this.filters, this.order, max);
  }

  async get() {
    await Promise.resolve();
    let docs = this.db.docs(this.name).filter((doc) => this.matches(doc));
    if (this.order) {
      const { field, dir } = this.order;
      docs = [...docs].sort((a, b) => compare(a[field], b[field]) * (dir === 'asc' ? 1 : -1));
    }
    return { data: docs.slice(0, this.max ?? 100).map((doc) => structuredClone(doc)), errMsg: 'collection.get:ok' };
  }

  async update(options: { data: Record<string, unknown> }) {
    await Promise.resolve();
    if (!options || !isPlainObject(options.data)) throw new CloudError(-501001, 'update: parameter data should be an object ({data: …})');
    if ('_id' in options.data) throw new CloudError(-501001, 'update: _id cannot be updated');
    refuseBadFieldNames(options.data);
    let updated = 0;
    for (const doc of this.db.docs(this.name).filter((d) => this.matches(d))) {
      applyUpdate(doc, options.data);
      updated++;
    }
    return { stats: { updated }, errMsg: 'collection.update:ok' };
  }

  async add(options: { data: Record<string, unknown> }) {
    await Promise.resolve();
    if (this.filters.length > 0) throw new CloudError(-501001, 'add is a collection method');
    if (!options || !isPlainObject(options.data)) throw new CloudError(-501001, 'collection.add:fail parameter data should be an object ({data: …})');
    const docs = this.db.docs(this.name);
    const id = (options.data._id as string | undefined) ?? this.db.newId();
    if (docs.some((doc) => doc._id === id)) {
      throw new CloudError(-502001, `collection.add:fail -502001 database request fail | E11000 duplicate key error collection: ${this.name} index: _id_ dup key`);
    }
    for (const field of this.db.uniqueFields.get(this.name) ?? []) {
      if (docs.some((doc) => doc[field] === options.data[field])) {
        throw new CloudError(-502001, `collection.add:fail -502001 database request fail | E11000 duplicate key error collection: ${this.name} index: ${field}_1 dup key`);
      }
    }
    if (Object.values(options.data).some(isCommand)) throw new CloudError(-501001, 'add cannot take update commands');
    refuseBadFieldNames(options.data);
    docs.push({ ...structuredClone(options.data), _id: id });
    return { _id: id, errMsg: 'collection.add:ok' };
  }

  doc(id: string) {
    return {
      update: (options: { data: Record<string, unknown> }) => new FakeQuery(this.db, this.name, [{ _id: id }], null, null).update(options),
    };
  }

  private matches(doc: Doc): boolean {
    return this.filters.every((filter) => Object.entries(filter).every(([field, condition]) => test(doc[field], condition)));
  }
}

function test(value: unknown, condition: unknown): boolean {
  if (!isCommand(condition)) return isPlainObject(condition) ? JSON.stringify(value) === JSON.stringify(condition) : value === condition;
  const op = condition[OP];
  switch (op.op) {
    case 'in':
      return op.values.includes(value);
    case 'lt':
      return typeof value === typeof op.value && value !== null && compare(value, op.value) < 0;
    case 'lte':
      return typeof value === typeof op.value && value !== null && compare(value, op.value) <= 0;
    default:
      throw new CloudError(-501001, `${op.op} is not a query command`);
  }
}

/** Field names with a dot or a leading $ are refused, at any depth (values are free). */
function refuseBadFieldNames(value: unknown, path = ''): void {
  if (isCommand(value)) return refuseBadFieldNames(value[OP].op === 'set' ? value[OP].value : undefined, path);
  if (Array.isArray(value)) return value.forEach((item, i) => refuseBadFieldNames(item, `${path}[${i}]`));
  if (!isPlainObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('.') || key.startsWith('$')) throw new CloudError(-501001, `invalid field name ${JSON.stringify(key)} at ${path || 'top level'}: must not contain "." or start with "$"`);
    refuseBadFieldNames(inner, path ? `${path}.${key}` : key);
  }
}

function applyUpdate(doc: Record<string, unknown>, data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    if (isCommand(value)) {
      if (value[OP].op !== 'set') throw new CloudError(-501001, `${value[OP].op} is not an update command`);
      doc[key] = structuredClone(value[OP].value);
    } else if (isPlainObject(value) && isPlainObject(doc[key])) {
      applyUpdate(doc[key] as Record<string, unknown>, value); // the real SDK merges nested objects
    } else {
      doc[key] = structuredClone(value);
    }
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function freshCloudDatabase(): FakeCloudDatabase {
  const db = new FakeCloudDatabase();
  for (const name of ['orders', 'payment_events', 'products']) db.createCollection(name);
  db.uniqueFields.set('orders', ['orderNo']);
  return db;
}
