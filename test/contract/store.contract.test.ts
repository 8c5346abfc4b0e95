/** One contract, both adapters: the embedded nedb store and the CloudBase store (over the strict fake). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudBaseStore } from '../../server/orders/cloudbaseStore';
import { EmbeddedStore } from '../../server/orders/embeddedStore';
import { Store, StoreError } from '../../server/orders/store';
import { freshCloudDatabase } from '../fakes/cloudDatabase';
import { rejected } from '../support/caught';
import { orderRecord, paymentEvent as event, PRODUCTS } from '../support/orders';

interface Subject {
  store: Store;
  seed(products: typeof PRODUCTS): Promise<void>;
}

const adapters: [string, () => Promise<Subject>][] = [
  [
    'embedded (nedb)',
    async () => {
      const store = await EmbeddedStore.open();
      return { store, seed: (p) => store.seedProducts(p) };
    },
  ],
  [
    'cloudbase (wx-server-sdk)',
    async () => {
      const db = freshCloudDatabase();
      return {
        store: new CloudBaseStore(db),
        seed: async (products) => {
          for (const p of products) await db.collection('products').add({ data: { ...p, active: p.active ?? true } });
        },
      };
    },
  ],
];

describe.each(adapters)('%s store', (_name, open) => {
  let subject: Subject;
  let store: Store;
  beforeEach(async () => {
    subject = await open();
    store = subject.store;
  });

  it('stores an order and finds it by orderNo', async () => {
    const order = orderRecord();
    expect(await store.insertOrder(order)).toEqual({ inserted: true });
    expect(await store.findOrder(order.orderNo)).toEqual(order);
    expect(await store.findOrder('NOSUCHORDER')).toBeNull();
  });

  it('returns the existing order when the same user and key insert again', async () => {
    const first = orderRecord({ _id: 'same-key' });
    await store.insertOrder(first);
    const second = orderRecord({ _id: 'same-key' });
    expect(await store.insertOrder(second)).toEqual({ inserted: false, existing: first });
    expect(await store.findOrder(second.orderNo)).toBeNull();
  });

  it('refuses a second order with a taken orderNo', async () => {
    const first = orderRecord();
    await store.insertOrder(first);
    await expect(store.insertOrder(orderRecord({ orderNo: first.orderNo }))).rejects.toBeInstanceOf(StoreError);
  });

  it('says which orderNo is taken, as a StoreError', async () => {
    const first = orderRecord();
    await store.insertOrder(first);
    const error = await rejected(store.insertOrder(orderRecord({ orderNo: first.orderNo })));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toContain(`orderNo ${first.orderNo} is taken`);
    expect(String(error)).toMatch(/^StoreError: /);
  });

  it('updates only when the status matches, and reports whether it did', async () => {
    const order = orderRecord({ status: 'PAYING' });
    await store.insertOrder(order);
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PENDING'] }, { status: 'PAID' })).toBe(false);
    expect((await store.findOrder(order.orderNo))!.status).toBe('PAYING');
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PENDING', 'PAYING'] }, { status: 'PAID', paidAt: 5 })).toBe(true);
    expect(await store.findOrder(order.orderNo)).toMatchObject({ status: 'PAID', paidAt: 5 });
  });

  it('honours a lease: an order held until later cannot be taken', async () => {
    const order = orderRecord({ leaseUntil: 2000 });
    await store.insertOrder(order);
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PENDING'], leaseExpiredAt: 1999 }, { leaseUntil: 9000 })).toBe(false);
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PENDING'], leaseExpiredAt: 2000 }, { leaseUntil: 9000 })).toBe(true);
  });

  it('leaves a field given as undefined in a patch alone', async () => {
    const order = orderRecord({ status: 'PAYING', paidAt: 5 });
    await store.insertOrder(order);
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PAYING'] }, { paidAt: undefined, updatedAt: 7 })).toBe(true);
    expect(await store.findOrder(order.orderNo)).toMatchObject({ paidAt: 5, updatedAt: 7 });
  });

  it('replaces nested values whole rather than merging them', async () => {
    const order = orderRecord({ lastError: { code: 'A', message: 'first', retryable: true, outcomeUnknown: true, at: 1 } });
    await store.insertOrder(order);
    await store.updateOrder(order.orderNo, { statusIn: ['PENDING'] }, { launch: { kind: 'inApp', orderNo: order.orderNo }, lastError: null });
    const updated = await store.findOrder(order.orderNo);
    expect(updated!.lastError).toBeNull();
    await store.updateOrder(order.orderNo, { statusIn: ['PENDING'] }, { launch: { kind: 'external', url: 'https://x' } });
    expect((await store.findOrder(order.orderNo))!.launch).toEqual({ kind: 'external', url: 'https://x' });
  });

  it('lets exactly one of 20 concurrent identical transitions through', async () => {
    const order = orderRecord({ status: 'PAYING' });
    await store.insertOrder(order);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.updateOrder(order.orderNo, { statusIn: ['PAYING'] }, { status: 'PAID' })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("lists a user's own orders, newest first, page by page", async () => {
    const mine = [orderRecord(), orderRecord(), orderRecord()];
    for (const order of [...mine, orderRecord({ openid: 'user-b' })]) await store.insertOrder(order);
    const page1 = await store.listOrders('user-a', { limit: 2 });
    expect(page1.map((o) => o.orderNo)).toEqual([mine[2]!.orderNo, mine[1]!.orderNo]);
    const page2 = await store.listOrders('user-a', { limit: 2, beforeOrderNo: page1[1]!.orderNo });
    expect(page2.map((o) => o.orderNo)).toEqual([mine[0]!.orderNo]);
  });

  it('finds orders due for reconcile, longest overdue first, and never those out of the queue', async () => {
    const due = orderRecord({ status: 'PAYING', reconcileAt: 100 });
    const overdue = orderRecord({ status: 'EXPIRED', reconcileAt: 50 });
    const later = orderRecord({ status: 'PAYING', reconcileAt: 1000 });
    const done = orderRecord({ status: 'PAID', reconcileAt: null });
    const legacy = orderRecord({ status: 'PENDING' });
    for (const order of [due, overdue, later, done, legacy]) await store.insertOrder(order);
    const found = await store.findOrdersToReconcile({ dueBy: 500, limit: 10 });
    expect(found.map((o) => o.orderNo)).toEqual([overdue.orderNo, due.orderNo]);
    expect(await store.findOrdersToReconcile({ dueBy: 500, limit: 1 })).toHaveLength(1);
  });

  it("claims a reconcile visit only while the order is still due at the time it was read", async () => {
    const order = orderRecord({ status: 'PAYING', reconcileAt: 100 });
    await store.insertOrder(order);
    const claims = await Promise.all(Array.from({ length: 5 }, () => store.updateOrder(order.orderNo, { statusIn: ['PAYING'], reconcileAt: 100 }, { reconcileAt: 900 })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.findOrder(order.orderNo))!.reconcileAt).toBe(900);
    expect(await store.updateOrder(order.orderNo, { statusIn: ['PAYING'], reconcileAt: 100 }, { reconcileAt: 5 })).toBe(false);
  });

  it('records payment events and their verdicts', async () => {
    const id = await store.recordEvent(event({ rawBody: '{"a":1}', bodyBytes: 7 }));
    await store.updateEvent(id, { verdict: 'PAID', orderNo: 'X1', httpStatus: 200 });
    expect(await store.listEvents()).toEqual([expect.objectContaining({ rawBody: '{"a":1}', verdict: 'PAID', orderNo: 'X1', httpStatus: 200 })]);
  });

  it('records headers of any name, a 64 KB body and a verdict for every outcome', async () => {
    const headers = [
      { name: 'x.forwarded.for', value: '1.2.3.4' },
      { name: '$where', value: 'sleep(1000)' },
      { name: '_id', value: 'not-an-id' },
      { name: 'x.forwarded.for', value: 'repeated' },
    ];
    const body = `{"pad":"${'x'.repeat(64 * 1024 - 10)}"}`;
    const verdicts = ['PAID', 'DUPLICATE', 'MALFORMED', 'BAD_SIGNATURE', 'TOO_LARGE', 'METHOD_NOT_ALLOWED', 'UNKNOWN_ORDER', 'MISMATCH', 'FLAGGED', 'IGNORED', 'STORE_FAILED', 'INTERNAL_ERROR'];
    for (const [i, verdict] of verdicts.entries()) {
      const id = await store.recordEvent(event({ receivedAt: i, headers, rawBody: body, bodyBytes: body.length }));
      await store.updateEvent(id, { verdict, httpStatus: 200, detail: verdict });
    }
    const events = await store.listEvents();
    expect(events.map((e) => e.verdict)).toEqual(verdicts);
    expect(events[0]!.headers).toEqual(headers);
    expect(events[0]!.rawBody).toBe(body);
  });

  it('lists payment events in the order they were received, whatever the order they were recorded in', async () => {
    for (const receivedAt of [30, 10, 20]) await store.recordEvent(event({ receivedAt, detail: `received at ${receivedAt}` }));
    expect((await store.listEvents()).map((e) => e.receivedAt)).toEqual([10, 20, 30]);
  });

  it('lists only active products', async () => {
    await subject.seed(PRODUCTS);
    const products = await store.listProducts();
    expect(products.map((p) => p.sku).sort()).toEqual(['coffee', 'mug', 'tea']);
    expect(products.find((p) => p.sku === 'coffee')).toEqual(PRODUCTS[0]);
  });
});

describe('cloudbase store failures', () => {
  it('turns a database failure into a StoreError', async () => {
    const db = freshCloudDatabase();
    const store = new CloudBaseStore(db);
    db.failNext = 'database operation timeout';
    await expect(store.findOrder('X1')).rejects.toThrow(StoreError);
    db.collections.delete('orders');
    await expect(store.findOrder('X1')).rejects.toThrow(/-502005/);
  });
});

describe('embedded store on disk', () => {
  it('keeps orders and events across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const order = orderRecord();
    const first = await EmbeddedStore.open(dir);
    await first.insertOrder(order);
    await first.updateOrder(order.orderNo, { statusIn: ['PENDING'] }, { status: 'PAYING' });
    await first.recordEvent(event());
    const reopened = await EmbeddedStore.open(dir);
    expect((await reopened.findOrder(order.orderNo))!.status).toBe('PAYING');
    expect(await reopened.listEvents()).toHaveLength(1);
  });
});
