/**
 * The embedded store: @seald-io/nedb files under a data directory (or memory), for local runs and
 * tests. nedb serialises operations within one process, so its conditional update is a real
 * compare-and-set; it is not safe for several processes sharing one directory. Reads return deep
 * copies (nedb makes them), so callers never hold the store's own documents.
 */
import Datastore from '@seald-io/nedb';
import { join } from 'node:path';
import type { Product } from '../../typings/contracts';
import { OrderCondition, OrderPatch, OrderRecord, PaymentEvent, Store, StoreError } from './store';

type ProductDoc = Product & { active: boolean };

export class EmbeddedStore implements Store {
  private constructor(
    private readonly orders: Datastore<OrderRecord>,
    private readonly events: Datastore<PaymentEvent>,
    private readonly products: Datastore<ProductDoc>,
  ) {}

  /** Opens (creating if needed) the store in `dataDir`, or an in-memory one without it. */
  static async open(dataDir?: string): Promise<EmbeddedStore> {
    const open = <T extends Record<string, unknown>>(name: string) =>
      // Without a filename nedb keeps the collection in memory only.
      new Datastore<T>(dataDir ? { filename: join(dataDir, `${name}.db`) } : {});
    const store = new EmbeddedStore(open('orders'), open('payment_events'), open('products'));
    await Promise.all([store.orders.loadDatabaseAsync(), store.events.loadDatabaseAsync(), store.products.loadDatabaseAsync()]);
    await store.orders.ensureIndexAsync({ fieldName: 'orderNo', unique: true });
    await store.orders.ensureIndexAsync({ fieldName: 'openid' });
    // Stryker disable next-line BooleanLiteral: the index is not unique, so also listing orders without reconcileAt in it changes no answer (each candidate is still matched against the query)
    await store.orders.ensureIndexAsync({ fieldName: 'reconcileAt', sparse: true });
    await store.products.ensureIndexAsync({ fieldName: 'sku', unique: true });
    return store;
  }

  async insertOrder(order: OrderRecord) {
    try {
      await this.orders.insertAsync({ ...order });
      return { inserted: true as const };
    } catch (error) {
      if ((error as { errorType?: string }).errorType !== 'uniqueViolated') throw new StoreError(`orders insert failed: ${(error as Error).message}`);
      const existing = await this.orders.findOneAsync({ _id: order._id });
      if (!existing) throw new StoreError(`orders insert failed: orderNo ${order.orderNo} is taken`);
      return { inserted: false as const, existing };
    }
  }

  async findOrder(orderNo: string) {
    return this.orders.findOneAsync({ orderNo });
  }

  async updateOrder(orderNo: string, condition: OrderCondition, patch: OrderPatch) {
    const query: Record<string, unknown> = { orderNo, status: { $in: [...condition.statusIn] } };
    if (condition.leaseExpiredAt !== undefined) query.leaseUntil = { $lte: condition.leaseExpiredAt };
    if (condition.reconcileAt !== undefined) query.reconcileAt = condition.reconcileAt;
    // A field given as undefined is left alone, as the CloudBase store (and its SDK) does.
    const fields = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const { numAffected } = await this.orders.updateAsync(query, { $set: fields }, {});
    return numAffected === 1;
  }

  async listOrders(openid: string, options: { beforeOrderNo?: string; limit: number }) {
    const query: Record<string, unknown> = { openid };
    if (options.beforeOrderNo) query.orderNo = { $lt: options.beforeOrderNo };
    return this.orders.findAsync(query).sort({ orderNo: -1 }).limit(options.limit);
  }

  async findOrdersToReconcile(options: { dueBy: number; limit: number }) {
    // Stryker disable next-line MethodExpression: nedb answers a range query on the indexed reconcileAt from that index, already in ascending order (the explicit sort keeps the contract should that index change)
    return this.orders.findAsync({ reconcileAt: { $lte: options.dueBy } }).sort({ reconcileAt: 1 }).limit(options.limit);
  }

  async recordEvent(event: PaymentEvent) {
    const doc = await this.events.insertAsync({ ...event });
    return doc._id;
  }

  async updateEvent(id: string, patch: Partial<PaymentEvent>) {
    await this.events.updateAsync({ _id: id }, { $set: patch }, {});
  }

  async listEvents() {
    const docs = (await this.events.findAsync({}).sort({ receivedAt: 1 })) as (PaymentEvent & { _id?: string })[];
    return docs.map(({ _id, ...event }) => event);
  }

  async listProducts() {
    const docs = await this.products.findAsync({ active: true }).sort({ sku: 1 });
    return docs.map(({ sku, name, description, image, price }) => ({ sku, name, description, image, price }));
  }

  /** Local runs and tests only: insert or replace products by sku. */
  async seedProducts(products: readonly (Product & { active?: boolean })[]) {
    for (const product of products) {
      await this.products.updateAsync({ sku: product.sku }, { ...product, active: product.active ?? true }, { upsert: true });
    }
  }
}
