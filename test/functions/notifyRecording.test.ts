/**
 * payNotify records every request before anything that can fail on its content, and writes a verdict
 * for every path: run against both stores, since each refuses different document shapes.
 */
import { createHash } from 'node:crypto';
import { CloudBaseStore } from '../../server/orders/cloudbaseStore';
import type { Store } from '../../server/orders/store';
import { freshCloudDatabase } from '../fakes/cloudDatabase';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';
import { PRODUCTS } from '../support/orders';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

const stores: [string, () => Promise<Store | undefined>][] = [
  ['embedded store', async () => undefined],
  [
    'cloudbase store',
    async () => {
      const db = freshCloudDatabase();
      for (const p of PRODUCTS) await db.collection('products').add({ data: { ...p, active: p.active ?? true } });
      return new CloudBaseStore(db);
    },
  ],
];

describe.each(stores)('with the %s', (_name, makeStore) => {
  beforeEach(async () => {
    await resetHarness(h);
    const store = await makeStore();
    if (store) {
      h.store = store;
      h.restart();
    }
  });

  async function payingOrder(): Promise<string> {
    const result = await h.call('createPayment', { items: [{ sku: 'coffee', qty: 1 }], idempotencyKey: `checkout-${Math.random().toString(36).slice(2, 12)}` });
    if (!result.ok) throw new Error(result.error.message);
    return result.order.orderNo;
  }

  it('settles and records a genuine notification whose headers have names no database takes as keys', async () => {
    const orderNo = await payingOrder();
    const headers = { 'Content-Type': 'application/json', 'X.Forwarded.For': '203.0.113.9', $where: '1', 'x-b3.traceid': 'abc' };
    const response = await h.notify({ body: h.newpay.notification(orderNo), headers });
    expect(response.statusCode).toBe(200);
    expect((await h.store.findOrder(orderNo))!.status).toBe('PAID');
    const [event] = await h.store.listEvents();
    expect(event!.headers).toEqual([
      { name: 'content-type', value: 'application/json' },
      { name: 'x.forwarded.for', value: '203.0.113.9' },
      { name: '$where', value: '1' },
      { name: 'x-b3.traceid', value: 'abc' },
    ]);
    expect(event!.verdict).toBe('PAID');
  });

  it('keeps the first 64 KB of a larger body with its length and SHA-256, and answers 413', async () => {
    const body = `{"orderNo":"${'9'.repeat(200 * 1024)}"}`;
    expect((await h.notify({ body })).statusCode).toBe(413);
    const [event] = await h.store.listEvents();
    expect(event).toMatchObject({ verdict: 'TOO_LARGE', httpStatus: 413, bodyBytes: body.length, bodyTruncated: true, bodySha256: createHash('sha256').update(body).digest('hex') });
    expect(event!.rawBody).toBe(body.slice(0, 64 * 1024));
  });

  it('keeps bytes that are not UTF-8 as base64, and answers 400', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x22, 0x7d]);
    expect((await h.notify({ body: bytes.toString('base64'), isBase64Encoded: true })).statusCode).toBe(400);
    const [event] = await h.store.listEvents();
    expect(event).toMatchObject({ verdict: 'MALFORMED', rawBodyEncoding: 'base64', rawBody: bytes.toString('base64'), bodyBytes: 5 });
  });

  it('caps the headers it keeps and says how many it left out', async () => {
    const headers = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-h${i}`, 'v'.repeat(10_000)]));
    expect((await h.notify({ body: '{}', headers })).statusCode).toBe(401);
    const [event] = await h.store.listEvents();
    expect(event!.headers).toHaveLength(64);
    expect(event!.headersDropped).toBe(136);
    expect(event!.headers[0]!.value.length).toBeLessThanOrEqual(4097);
  });

  it('writes a verdict when something unexpected breaks, and answers 500 so NewPay retries', async () => {
    const orderNo = await payingOrder();
    h.store.findOrder = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'status')");
    };
    const response = await h.notify({ body: h.newpay.notification(orderNo) });
    expect(response.statusCode).toBe(500);
    const [event] = await h.store.listEvents();
    expect(event).toMatchObject({ verdict: 'INTERNAL_ERROR', httpStatus: 500 });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'notify', outcome: 'INTERNAL_ERROR' }));
  });
});
