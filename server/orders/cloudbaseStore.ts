/**
 * The CloudBase store over the wx-server-sdk database. Only the calls listed in CloudDatabase are
 * used, so the fake in test/fakes can model exactly these (and refuses everything else).
 *
 * Indexes to create in the console (Database → collection → Indexes):
 *   orders: orderNo (unique); openid + orderNo; reconcileAt.   products: active.   payment_events: receivedAt.
 */
import type { Product } from '../../typings/contracts';
import { OrderCondition, OrderPatch, OrderRecord, PaymentEvent, Store, StoreError } from './store';

/* The subset of wx-server-sdk's Database this adapter relies on. */
export interface CloudQuery {
  where(query: Record<string, unknown>): CloudQuery;
  orderBy(field: string, order: 'asc' | 'desc'): CloudQuery;
  limit(max: number): CloudQuery;
  get(): Promise<{ data: Record<string, unknown>[] }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
}
export interface CloudCollection extends CloudQuery {
  add(options: { data: Record<string, unknown> }): Promise<{ _id: string | number }>;
  doc(id: string): { update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }> };
}
export interface CloudDatabase {
  readonly command: {
    in(values: unknown[]): unknown;
    lt(value: unknown): unknown;
    lte(value: unknown): unknown;
    set(value: unknown): unknown;
  };
  collection(name: string): CloudCollection;
}

/** wx-server-sdk reports a taken _id as a failed add whose message names the duplicate key. */
const DUPLICATE_KEY = /duplicate key|E11000|DuplicateKey/i;

export class CloudBaseStore implements Store {
  constructor(private readonly db: CloudDatabase) {}

  async insertOrder(order: OrderRecord) {
    try {
      await this.db.collection('orders').add({ data: { ...order } });
      return { inserted: true as const };
    } catch (error) {
      if (!DUPLICATE_KEY.test(errorText(error))) throw storeError('orders.add', error);
      const { data } = await this.call('orders.get', () => this.db.collection('orders').where({ _id: order._id }).limit(1).get());
      if (!data[0]) throw new StoreError(`orders.add: orderNo ${order.orderNo} is taken`);
      return { inserted: false as const, existing: data[0] as unknown as OrderRecord };
    }
  }

  async findOrder(orderNo: string) {
    const { data } = await this.call('orders.get', () => this.db.collection('orders').where({ orderNo }).limit(1).get());
    return (data[0] as unknown as OrderRecord | undefined) ?? null;
  }

  async updateOrder(orderNo: string, condition: OrderCondition, patch: OrderPatch) {
    const _ = this.db.command;
    const where: Record<string, unknown> = { orderNo, status: _.in([...condition.statusIn]) };
    if (condition.leaseExpiredAt !== undefined) where.leaseUntil = _.lte(condition.leaseExpiredAt);
    if (condition.reconcileAt !== undefined) where.reconcileAt = condition.reconcileAt;
    const result = await this.call('orders.update', () => this.db.collection('orders').where(where).update({ data: this.replacing(patch) }));
    return result.stats.updated === 1;
  }

  async listOrders(openid: string, options: { beforeOrderNo?: string; limit: number }) {
    const where: Record<string, unknown> = { openid };
    if (options.beforeOrderNo) where.orderNo = this.db.command.lt(options.beforeOrderNo);
    const { data } = await this.call('orders.get', () => this.db.collection('orders').where(where).orderBy('orderNo', 'desc').limit(options.limit).get());
    return data as unknown as OrderRecord[];
  }

  async findOrdersToReconcile(options: { dueBy: number; limit: number }) {
    const where = { reconcileAt: this.db.command.lte(options.dueBy) };
    const { data } = await this.call('orders.get', () => this.db.collection('orders').where(where).orderBy('reconcileAt', 'asc').limit(options.limit).get());
    return data as unknown as OrderRecord[];
  }

  async recordEvent(event: PaymentEvent) {
    const { _id } = await this.call('payment_events.add', () => this.db.collection('payment_events').add({ data: { ...event } }));
    return String(_id);
  }

  async updateEvent(id: string, patch: Partial<PaymentEvent>) {
    await this.call('payment_events.update', () => this.db.collection('payment_events').doc(id).update({ data: { ...patch } }));
  }

  async listEvents() {
    const { data } = await this.call('payment_events.get', () => this.db.collection('payment_events').orderBy('receivedAt', 'asc').limit(1000).get());
    return data.map(({ _id, ...event }) => event as unknown as PaymentEvent);
  }

  async listProducts() {
    const { data } = await this.call('products.get', () => this.db.collection('products').where({ active: true }).orderBy('sku', 'asc').limit(1000).get());
    return data.map(({ sku, name, description, image, price }) => ({ sku, name, description, image, price }) as Product);
  }

  /** update() merges nested objects field by field; a patch replaces them whole, so wrap them in set(). */
  private replacing(patch: OrderPatch): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      // Stryker disable next-line LogicalOperator: `||` wraps every value in set(), and set() of null or a primitive stores the same value as assigning it (in wx-server-sdk and in the fake)
      data[key] = value !== null && typeof value === 'object' ? this.db.command.set(value) : value;
    }
    return data;
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw storeError(what, error);
    }
  }
}

function errorText(error: unknown): string {
  const e = error as { errMsg?: string; message?: string; errCode?: number };
  return `${e?.errCode ?? ''} ${e?.errMsg ?? ''} ${e?.message ?? String(error)}`;
}

function storeError(what: string, error: unknown): StoreError {
  return new StoreError(`${what} failed: ${errorText(error).trim()}`);
}
