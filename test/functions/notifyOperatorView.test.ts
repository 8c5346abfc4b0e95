/**
 * What an on-call operator reads about each notification: the verdict and detail written on its
 * payment_events record, and the `notify` log line with its level (error pages someone, warn is
 * reviewed, info is the normal trail). Each case is a notification NewPay or an attacker can send.
 */
import { randomBytes } from 'node:crypto';
import { parseExactObject, scalarText } from '../../server/newpay/exactJson';
import { signTestNotification } from '../../server/newpay/notification';
import { receiveNotification } from '../../server/orders/notifications';
import { StoreError } from '../../server/orders/store';
import { prepare } from '../../server/platform/runtime';
import { platformPrivateKey } from '../support/fixtures';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

/** The one event recorded so far (each case sends one request unless it says otherwise). */
async function lastEvent() {
  const events = await h.store.listEvents();
  return events[events.length - 1]!;
}
const notifyLine = () => h.logs.filter((l) => l.event === 'notify').at(-1);

describe('payNotify as the operator sees it', () => {
  it('a genuine success: PAID with the outcome as detail, logged at info with how long it took', async () => {
    const orderNo = await h.payingOrder();
    const find = h.store.findOrder.bind(h.store);
    h.store.findOrder = async (no) => {
      h.clock += 25; // a slow database read
      return find(no);
    };
    expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(200);
    expect(await lastEvent()).toMatchObject({ verdict: 'PAID', httpStatus: 200, orderNo, detail: 'SUCCESS' });
    expect(notifyLine()).toMatchObject({ level: 'info', outcome: 'PAID', status: 200, orderNo, detail: 'SUCCESS' });
    expect(notifyLine()!.ms).toBeGreaterThanOrEqual(25);
    expect(notifyLine()!.ms).toBeLessThan(1000);
  });

  it('a genuine success carrying our own merchantId pays the order (only another merchantId is refused)', async () => {
    const orderNo = await h.payingOrder();
    expect((await h.notify({ body: h.newpay.notification(orderNo, { merchantId: 'mch-1' }) })).statusCode).toBe(200);
    expect(await lastEvent()).toMatchObject({ verdict: 'PAID' });
  });

  it('says when NewPay signed with empty strings left out, so the open question about its rule gets an answer', async () => {
    const orderNo = await h.payingOrder();
    const { sign: _sign, extra: _extra, ...withoutExtra } = parseExactObject(h.newpay.notification(orderNo));
    const { sign } = parseExactObject(signTestNotification(withoutExtra, platformPrivateKey));
    // The body as NewPay sends it (extra: ""), with a signature over the fields without the empty one.
    const body = h.newpay.notification(orderNo).replace(/"sign":"[^"]+"/, `"sign":"${scalarText(sign)}"`);
    expect((await h.notify({ body })).statusCode).toBe(200);
    expect(await lastEvent()).toMatchObject({ verdict: 'PAID', detail: 'SUCCESS (signed with empty strings omitted)' });
    expect(notifyLine()).toMatchObject({ level: 'info', detail: 'SUCCESS (signed with empty strings omitted)' });
  });

  it('a repeat of a settled notification: DUPLICATE with the order state, at info', async () => {
    const orderNo = await h.payingOrder();
    const body = h.newpay.notification(orderNo);
    await h.notify({ body });
    await h.notify({ body });
    expect(await lastEvent()).toMatchObject({ verdict: 'DUPLICATE', httpStatus: 200, detail: 'order already PAID' });
    expect(notifyLine()).toMatchObject({ level: 'info', outcome: 'DUPLICATE' });
  });

  it('a failure after PAID: IGNORED with the reason, at info', async () => {
    const orderNo = await h.payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo) });
    await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1 }) });
    expect(await lastEvent()).toMatchObject({ verdict: 'IGNORED', httpStatus: 200, detail: 'PAID never moves to FAILED' });
    expect(notifyLine()).toMatchObject({ level: 'info', outcome: 'IGNORED' });
  });

  it('a genuine report of another amount: FLAGGED with what NewPay said, at error', async () => {
    const orderNo = await h.payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    expect(await lastEvent()).toMatchObject({ verdict: 'FLAGGED', httpStatus: 200, detail: 'amount or currency differs: 1.00 LAK' });
    expect(notifyLine()).toMatchObject({ level: 'error', outcome: 'FLAGGED' });
  });

  it.each([
    ['appId', { appId: 'someone-else' }],
    ['merchantId', { merchantId: 'mch-2' }],
    ['newpayOrderNo', { newpayOrderNo: '999999999999999999' }],
  ])('a genuine notification about another %s: MISMATCH naming the field, at error', async (field, change) => {
    const orderNo = await h.payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, change) });
    expect(await lastEvent()).toMatchObject({ verdict: 'MISMATCH', httpStatus: 400, orderNo, detail: `${field} does not match the order` });
    expect(notifyLine()).toMatchObject({ level: 'error', outcome: 'MISMATCH' });
  });

  it('a genuine notification about an order we do not have: UNKNOWN_ORDER with its outcome, at error', async () => {
    const orderNo = await h.payingOrder();
    const body = h.newpay.notification(orderNo);
    await resetHarness(h);
    expect((await h.notify({ body })).statusCode).toBe(404);
    expect(await lastEvent()).toMatchObject({ verdict: 'UNKNOWN_ORDER', orderNo, detail: 'signed notification for an order we do not have (SUCCESS)' });
  });

  it('an order that disappears while it is settled: UNKNOWN_ORDER, at error', async () => {
    const orderNo = await h.payingOrder();
    const find = h.store.findOrder.bind(h.store);
    let reads = 0;
    h.store.findOrder = async (no) => (reads++ === 0 ? find(no) : null);
    expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(404);
    expect(await lastEvent()).toMatchObject({ verdict: 'UNKNOWN_ORDER', orderNo, detail: 'order disappeared' });
    expect(notifyLine()).toMatchObject({ level: 'error', outcome: 'UNKNOWN_ORDER' });
  });

  it.each([
    ['a bad signature (401)', (orderNo: string) => ({ body: h.newpay.notification(orderNo).replace('"transStatus":0', '"transStatus":1') }), 401, 'BAD_SIGNATURE'],
    ['a malformed body (400)', () => ({ body: 'transStatus=0' }), 400, 'MALFORMED'],
    ['a GET (405)', () => ({ httpMethod: 'GET', body: '{}' }), 405, 'METHOD_NOT_ALLOWED'],
  ])('%s is logged at warn: a person reviews it, nobody is paged', async (_what, request, status, verdict) => {
    const orderNo = await h.payingOrder();
    expect((await h.notify(request(orderNo))).statusCode).toBe(status);
    expect(notifyLine()).toMatchObject({ level: 'warn', outcome: verdict, status });
  });

  it('a GET says which method came', async () => {
    await h.notify({ httpMethod: 'GET', body: '' });
    expect(await lastEvent()).toMatchObject({ verdict: 'METHOD_NOT_ALLOWED', detail: 'GET is not POST' });
  });

  it('judges a body of exactly 64 KB on its content, and refuses one byte more as TOO_LARGE with its size', async () => {
    const orderNo = await h.payingOrder();
    const genuine = h.newpay.notification(orderNo);
    const padded = genuine + ' '.repeat(64 * 1024 - Buffer.byteLength(genuine)); // JSON allows trailing space
    expect((await h.notify({ body: `${padded} ` })).statusCode).toBe(413);
    expect(await lastEvent()).toMatchObject({ verdict: 'TOO_LARGE', detail: '65537 bytes' });
    expect(notifyLine()).toMatchObject({ level: 'warn', outcome: 'TOO_LARGE' });
    expect((await h.notify({ body: padded })).statusCode).toBe(200);
    expect(await lastEvent()).toMatchObject({ verdict: 'PAID' });
  });

  describe('when something fails on our side', () => {
    it('cannot record the request: 503 so NewPay retries, and a notify.record error with the cause', async () => {
      const orderNo = await h.payingOrder();
      h.store.recordEvent = async () => {
        throw new StoreError('recordEvent failed: database operation timeout');
      };
      expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(503);
      expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'notify.record', outcome: 'STORE_FAILED', detail: 'recordEvent failed: database operation timeout' }));
      expect(notifyLine()).toBeUndefined();
    });

    it('cannot record the request: the service answers the STORE_FAILED verdict to its caller too', async () => {
      const { deps } = prepare({ store: h.store, env: h.env, logSink: () => undefined, identify: () => ({}), now: () => h.clock, randomBytes }, 'payNotify-store-down', false);
      h.store.recordEvent = async () => {
        throw new StoreError('recordEvent failed: database operation timeout');
      };
      const reply = await receiveNotification(deps!, { method: 'POST', path: '/newpay/notify', headers: [], body: Buffer.from('{}') });
      expect(reply).toEqual({ httpStatus: 503, transResult: 'FAIL', verdict: 'STORE_FAILED' });
    });

    it('cannot write the verdict: the payment still counts (SUCCESS, PAID) and the lost verdict is logged', async () => {
      const orderNo = await h.payingOrder();
      h.store.updateEvent = async () => {
        throw new StoreError('updateEvent failed: database operation timeout');
      };
      expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(200);
      expect((await h.store.findOrder(orderNo))!.status).toBe('PAID');
      expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'notify.record', outcome: 'VERDICT_NOT_SAVED', orderNo, detail: 'updateEvent failed: database operation timeout' }));
      expect(notifyLine()).toMatchObject({ level: 'info', outcome: 'PAID' });
    });

    it('cannot update the order: STORE_FAILED with the cause, 503, at error', async () => {
      const orderNo = await h.payingOrder();
      h.store.updateOrder = async () => {
        throw new StoreError('updateOrder failed: database operation timeout');
      };
      expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(503);
      expect(await lastEvent()).toMatchObject({ verdict: 'STORE_FAILED', httpStatus: 503, orderNo, detail: 'updateOrder failed: database operation timeout' });
      expect(notifyLine()).toMatchObject({ level: 'error', outcome: 'STORE_FAILED', status: 503 });
    });

    it.each([
      ['an Error', new TypeError('boom'), 'TypeError: boom'],
      ['a string', 'disk on fire', 'Error: disk on fire'],
      ['null', null, 'Error: null'],
    ])('a bug that throws %s: INTERNAL_ERROR 500 naming it, at error, never a crash', async (_what, thrown, detail) => {
      const orderNo = await h.payingOrder();
      h.store.findOrder = () => Promise.reject(thrown);
      expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(500);
      expect(await lastEvent()).toMatchObject({ verdict: 'INTERNAL_ERROR', httpStatus: 500, detail });
      expect(notifyLine()).toMatchObject({ level: 'error', outcome: 'INTERNAL_ERROR' });
    });
  });

  it('without NewPay settings: records the request and answers 503 MISCONFIGURED, so NewPay retries once fixed', async () => {
    const env = Object.fromEntries(Object.entries(h.env).filter(([name]) => !name.startsWith('NEWPAY_')));
    const { deps } = prepare({ store: h.store, env, logSink: () => undefined, identify: () => ({}), now: () => h.clock, randomBytes }, 'payNotify-without-newpay', false);
    const reply = await receiveNotification(deps!, { method: 'POST', path: '/newpay/notify', headers: [], body: Buffer.from('{}') });
    expect(reply).toEqual({ httpStatus: 503, transResult: 'FAIL', verdict: 'MISCONFIGURED' });
    expect(await lastEvent()).toMatchObject({ verdict: 'MISCONFIGURED', detail: 'NewPay settings missing' });
  });
});
