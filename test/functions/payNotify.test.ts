import { createHash } from 'node:crypto';
import type { HttpAccessResponse } from '../../typings/contracts';
import type { OrderStore } from '../../server/orders/store';
import { StoreError } from '../../server/orders/store';
import { merchantPrivateKey } from '../support/fixtures';
import { signTestNotification } from '../../server/newpay/notification';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

async function payingOrder(items = [{ sku: 'coffee', qty: 1 }]): Promise<string> {
  const result = await h.call('createPayment', { items, idempotencyKey: `checkout-${Math.random().toString(36).slice(2, 12)}` });
  if (!result.ok) throw new Error(result.error.message);
  return result.order.orderNo;
}

const status = async (orderNo: string) => (await h.store.findOrder(orderNo))!;
const transitions = (orderNo: string, outcome: string) => h.logs.filter((l) => l.event === 'order.transition' && l.orderNo === orderNo && l.outcome === outcome).length;
const answer = (response: HttpAccessResponse) => ({ statusCode: response.statusCode, body: JSON.parse(response.body) as unknown });
const SUCCESS = { statusCode: 200, body: { transResult: 'SUCCESS' } };

describe('payNotify', () => {
  it('marks the order paid on a genuine success and answers SUCCESS', async () => {
    const orderNo = await payingOrder();
    const response = await h.notify({ body: h.newpay.notification(orderNo) });
    expect(answer(response)).toEqual(SUCCESS);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(await status(orderNo)).toMatchObject({ status: 'PAID', paidAt: h.clock });
    expect(await h.call('getOrder', { orderNo })).toMatchObject({ ok: true, order: { status: 'PAID', paidAt: h.clock } });
  });

  it('marks the order failed on a genuine failure (transStatus 1)', async () => {
    const orderNo = await payingOrder();
    expect(answer(await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1, transInfo: 'Insufficient balance' }) }))).toEqual(SUCCESS);
    expect((await status(orderNo)).status).toBe('FAILED');
  });

  it('applies a duplicate once and answers SUCCESS every time', async () => {
    const orderNo = await payingOrder();
    const body = h.newpay.notification(orderNo);
    for (let i = 0; i < 3; i++) expect(answer(await h.notify({ body }))).toEqual(SUCCESS);
    expect(transitions(orderNo, 'PAYING->PAID')).toBe(1);
    expect((await h.store.listEvents()).map((e) => e.verdict)).toEqual(['PAID', 'DUPLICATE', 'DUPLICATE']);
  });

  it('applies 20 concurrent deliveries of the same notification exactly once', async () => {
    const orderNo = await payingOrder();
    const body = h.newpay.notification(orderNo);
    const responses = await Promise.all(Array.from({ length: 20 }, () => h.notify({ body })));
    expect(responses.map(answer)).toEqual(Array(20).fill(SUCCESS));
    expect(transitions(orderNo, 'PAYING->PAID')).toBe(1);
    const events = await h.store.listEvents();
    expect(events).toHaveLength(20);
    expect(events.filter((e) => e.verdict === 'PAID')).toHaveLength(1);
  });

  it('answers 401 to a forged signature and changes nothing', async () => {
    const orderNo = await payingOrder();
    const forged = h.newpay.notification(orderNo).replace('"transStatus":0', '"transStatus":0,"x":"1"');
    expect(answer(await h.notify({ body: forged }))).toEqual({ statusCode: 401, body: { transResult: 'FAIL' } });
    const signedByUs = signTestNotification(JSON.parse(h.newpay.notification(orderNo)), merchantPrivateKey);
    expect((await h.notify({ body: signedByUs })).statusCode).toBe(401);
    expect((await status(orderNo)).status).toBe('PAYING');
    expect((await h.store.listEvents()).map((e) => e.verdict)).toEqual(['BAD_SIGNATURE', 'BAD_SIGNATURE']);
  });

  it('answers 400 to a malformed body and records it', async () => {
    expect((await h.notify({ body: 'transStatus=0&orderNo=1' })).statusCode).toBe(400);
    expect((await h.store.listEvents())[0]).toMatchObject({ verdict: 'MALFORMED', rawBody: 'transStatus=0&orderNo=1', httpStatus: 400 });
  });

  it.each([
    ['a different amount', { orderAmt: '1.00' }, 'AMOUNT_MISMATCH'],
    ['a different currency', { currency: 'USD' }, 'CURRENCY_MISMATCH'],
  ])('does not mark paid on %s: flags the order and logs an error', async (_what, change, flag) => {
    const orderNo = await payingOrder();
    const response = await h.notify({ body: h.newpay.notification(orderNo, change) });
    expect(answer(response)).toEqual(SUCCESS); // recorded and flagged: a retry would change nothing
    expect(await status(orderNo)).toMatchObject({ status: 'PAYING', flags: [flag] });
    expect(await h.call('getOrder', { orderNo })).toMatchObject({ ok: true, order: { status: 'PAYING', flags: [flag] } });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'payment.mismatch', orderNo }));
  });

  it('compares LAK amounts as numbers: "25000.00" pays a 25000 order', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '25000.00' }) });
    expect((await status(orderNo)).status).toBe('PAID');
  });

  it.each([
    ['another appId', { appId: 'someone-else' }],
    ['another merchantId', { merchantId: 'mch-2' }],
    ['another newpayOrderNo', { newpayOrderNo: '999999999999999999' }],
  ])('refuses a genuine notification carrying %s (400), changing nothing', async (_what, change) => {
    const orderNo = await payingOrder();
    expect((await h.notify({ body: h.newpay.notification(orderNo, change) })).statusCode).toBe(400);
    expect((await status(orderNo)).status).toBe('PAYING');
  });

  it('accepts the same body base64-encoded by HTTP access', async () => {
    const orderNo = await payingOrder();
    const body = Buffer.from(h.newpay.notification(orderNo), 'utf8').toString('base64');
    expect(answer(await h.notify({ body, isBase64Encoded: true }))).toEqual(SUCCESS);
    expect((await status(orderNo)).status).toBe('PAID');
  });

  it('answers 405 to anything but POST, and records it', async () => {
    const orderNo = await payingOrder();
    expect((await h.notify({ httpMethod: 'GET', body: h.newpay.notification(orderNo) })).statusCode).toBe(405);
    expect((await status(orderNo)).status).toBe('PAYING');
    expect((await h.store.listEvents())[0]!.verdict).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 413 to a body over 64 KB', async () => {
    const orderNo = await payingOrder();
    const body = h.newpay.notification(orderNo, { subject: 'x'.repeat(65 * 1024) });
    expect((await h.notify({ body })).statusCode).toBe(413);
    expect((await status(orderNo)).status).toBe('PAYING');
  });

  it('answers 404 to a genuine notification about an order we do not have', async () => {
    const orderNo = await payingOrder();
    const body = h.newpay.notification(orderNo);
    await resetHarness(h); // a store that never saw the order
    expect((await h.notify({ body })).statusCode).toBe(404);
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'notify', outcome: 'UNKNOWN_ORDER' }));
  });

  it('answers 400 when called as a plain function rather than over HTTP', async () => {
    const { main } = await import('../../cloudfunctions/payNotify/src');
    expect(await main({ orderNo: 'X' }, {})).toMatchObject({ statusCode: 400 });
  });

  describe('when storage fails', () => {
    function failing(method: keyof OrderStore | 'recordEvent') {
      const store = h.store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      store[method] = async () => {
        throw new StoreError(`${method} failed: database operation timeout`);
      };
    }

    it('answers 503 (never SUCCESS) when the notification cannot be recorded, so NewPay retries', async () => {
      const orderNo = await payingOrder();
      failing('recordEvent');
      expect(answer(await h.notify({ body: h.newpay.notification(orderNo) }))).toEqual({ statusCode: 503, body: { transResult: 'FAIL' } });
      expect((await status(orderNo)).status).toBe('PAYING');
    });

    it('answers 503 when the order cannot be updated, and SUCCESS on the retry once storage is back', async () => {
      const orderNo = await payingOrder();
      const update = h.store.updateOrder.bind(h.store);
      failing('updateOrder');
      const body = h.newpay.notification(orderNo);
      expect((await h.notify({ body })).statusCode).toBe(503);
      h.store.updateOrder = update;
      expect(answer(await h.notify({ body }))).toEqual(SUCCESS);
      expect((await status(orderNo)).status).toBe('PAID');
    });
  });

  it('never downgrades PAID: a later failure is answered SUCCESS and ignored', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect(answer(await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1 }) }))).toEqual(SUCCESS);
    expect((await status(orderNo)).status).toBe('PAID');
    expect((await h.store.listEvents()).map((e) => e.verdict)).toEqual(['PAID', 'IGNORED']);
  });

  it('turns a late success after EXPIRED into PAID, flagged, because the user paid', async () => {
    const orderNo = await payingOrder();
    h.clock += 31 * 60_000; // past the 30-minute TTL; NewPay still says processing
    await h.reconcile();
    expect((await status(orderNo)).status).toBe('EXPIRED');
    expect(answer(await h.notify({ body: h.newpay.notification(orderNo) }))).toEqual(SUCCESS);
    expect(await status(orderNo)).toMatchObject({ status: 'PAID', flags: ['LATE_PAYMENT'] });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'order.transition', outcome: 'EXPIRED->PAID' }));
  });

  it('records every request with its raw body, headers, verdict and time', async () => {
    const orderNo = await payingOrder();
    const body = h.newpay.notification(orderNo);
    await h.notify({ body, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' } });
    expect(await h.store.listEvents()).toEqual([
      expect.objectContaining({
        receivedAt: h.clock,
        method: 'POST',
        path: '/newpay/notify',
        headers: [
          { name: 'content-type', value: 'application/json' },
          { name: 'x-request-id', value: 'r1' },
        ],
        rawBody: body,
        rawBodyEncoding: 'utf8',
        bodyBytes: Buffer.byteLength(body),
        bodySha256: createHash('sha256').update(body).digest('hex'),
        bodyTruncated: false,
        verdict: 'PAID',
        orderNo,
        httpStatus: 200,
      }),
    ]);
  });
});
