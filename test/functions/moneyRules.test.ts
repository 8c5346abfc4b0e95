/**
 * Money rules that run through the deployed functions, one named test per rule of issue 16. Each test
 * fails when the rule it names is broken (mutation testing proves it: `npm run mutation`), and judges
 * only what a user or an operator would see: the function's answer, the order's status, flags and
 * timestamps, the recorded notification.
 */
import type { ClientOrder } from '../../typings/contracts';
import { parseExactObject, scalarText } from '../../server/newpay/exactJson';
import type { OrderRecord } from '../../server/orders/store';
import type { Handler } from '../support/fakeNewPay';
import { signedAnswer } from '../support/fakeNewPay';
import { platformPrivateKey } from '../support/fixtures';
import { Harness, resetHarness, startHarness, stopHarness, USER } from '../support/functions';

let h: Harness;
let doubleHandler: Handler;
beforeAll(async () => {
  h = await startHarness();
  doubleHandler = h.newpay.server.handler;
});
afterAll(() => stopHarness(h));
beforeEach(async () => {
  h.newpay.server.handler = doubleHandler;
  await resetHarness(h);
});

const COFFEE = [{ sku: 'coffee', qty: 1 }]; // 25000 LAK
let keys = 0;
const newKey = () => `money-rule-${String(++keys).padStart(4, '0')}`;

async function payingOrder(): Promise<string> {
  const result = await h.call('createPayment', { items: COFFEE, idempotencyKey: newKey() });
  if (!result.ok) throw new Error(result.error.message);
  expect(result.order.status).toBe('PAYING');
  return result.order.orderNo;
}

const stored = async (orderNo: string): Promise<OrderRecord> => (await h.store.findOrder(orderNo))!;
const shown = async (orderNo: string): Promise<ClientOrder> => {
  const result = await h.call('getOrder', { orderNo });
  if (!result.ok) throw new Error(result.error.message);
  return result.order;
};
const SUCCESS = { statusCode: 200, body: JSON.stringify({ transResult: 'SUCCESS' }) };

/**
 * NewPay's signed answers to one kind of call, rewritten: `change` gets the data the double would
 * have answered (without its sign) and returns the data to sign and send instead.
 */
function rewriteAnswers(call: 'createOpenMini' | 'queryOrder', change: (data: Record<string, unknown>) => Record<string, unknown>): void {
  const inner = h.newpay.server.handler;
  h.newpay.server.handler = (request) => {
    const answer = inner(request);
    if (!request.path.endsWith(`/${call}`) || typeof answer !== 'object' || (answer.status ?? 200) !== 200) return answer;
    const envelope = parseExactObject(answer.body);
    if (envelope.success !== true) return answer;
    const { sign: _sign, ...data } = envelope.data as Record<string, unknown>;
    return { body: signedAnswer(change(data), platformPrivateKey) };
  };
}

/** Makes NewPay report the order paid when asked, and lets reconcile ask (its first visit is due after RECONCILE_AFTER_MINUTES). */
async function reconcileWithNewPaySaying(orderNo: string, change: (data: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  h.newpay.orders.get(orderNo)!.transStatus = 1;
  rewriteAnswers('queryOrder', change);
  h.clock += 11 * 60_000;
  await h.reconcile();
  expect(h.newpay.server.requests.some((r) => r.path.endsWith('/queryOrder') && r.rawBody.includes(orderNo))).toBe(true);
}

/** An order whose createOpenMini NewPay acted on but never answered: PENDING, outcome unknown, no newpayOrderNo. */
async function orderWhoseAnswerWasLost(key: string): Promise<string> {
  h.newpay.nextCreateFault = 'timeout-after-create';
  const first = await h.call('createPayment', { items: COFFEE, idempotencyKey: key });
  expect(first).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' } });
  const [order] = await h.store.listOrders(USER, { limit: 1 });
  expect(order).toMatchObject({ status: 'PENDING', lastError: { outcomeUnknown: true } });
  expect(order!.newpayOrderNo ?? undefined).toBeUndefined();
  return order!.orderNo;
}

describe('rule 1: amounts above the order', () => {
  it("rule 1: a success notification for more than the order's amount is flagged, not paid", async () => {
    const orderNo = await payingOrder();
    expect(await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '25001.00' }) })).toMatchObject(SUCCESS);
    expect(await stored(orderNo)).toMatchObject({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] });
    expect((await stored(orderNo)).paidAt ?? undefined).toBeUndefined();
    expect(await shown(orderNo)).toMatchObject({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] });
  });

  it("rule 1: a query answer for more than the order's amount does not mark it paid", async () => {
    const orderNo = await payingOrder();
    await reconcileWithNewPaySaying(orderNo, (data) => ({ ...data, orderAmt: '50000' }));
    expect(await stored(orderNo)).toMatchObject({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] });
  });
});

describe('rule 2: a NewPay query answer with no amount', () => {
  it('rule 2: a query answer with no amount never marks an order PAID (reconcile)', async () => {
    const orderNo = await payingOrder();
    await reconcileWithNewPaySaying(orderNo, ({ orderAmt: _left, ...data }) => data);
    const order = await stored(orderNo);
    expect(order.status).toBe('PAYING');
    expect(order.paidAt ?? undefined).toBeUndefined();
    expect((await shown(orderNo)).status).toBe('PAYING');
  });

  it("rule 2: a query answer with no amount never marks an order PAID (createPayment's query before retrying)", async () => {
    const key = newKey();
    const orderNo = await orderWhoseAnswerWasLost(key);
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    rewriteAnswers('queryOrder', ({ orderAmt: _left, ...data }) => data);
    const retried = await h.call('createPayment', { items: COFFEE, idempotencyKey: key });
    expect(h.newpay.server.requests.filter((r) => r.path.endsWith('/queryOrder'))).toHaveLength(1);
    expect(retried.ok ? retried.order.status : retried.error.code).not.toBe('PAID');
    expect((await stored(orderNo)).status).toBe('PENDING');
    expect((await shown(orderNo)).status).toBe('PENDING');
  });

  it('rule 2: the same answer with the amount does mark it PAID (the refusal above is about the amount)', async () => {
    const orderNo = await payingOrder();
    await reconcileWithNewPaySaying(orderNo, (data) => data);
    expect(await stored(orderNo)).toMatchObject({ status: 'PAID', paidAt: h.clock });
  });
});

describe("rule 3: createOpenMini's answer is checked", () => {
  async function refusedCheckout(): Promise<string> {
    const result = await h.call('createPayment', { items: COFFEE, idempotencyKey: newKey() });
    expect(result).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^PAYMENT_PROVIDER_/) } });
    expect(result).not.toHaveProperty('launch');
    const [order] = await h.store.listOrders(USER, { limit: 1 });
    expect(order!.status).toBe('PENDING');
    expect(order!.lastError).toBeTruthy();
    return order!.orderNo;
  }

  it.each([
    ['a higher amount', '25001.00'],
    ['a lower amount', '24999'],
    ['the amount in minor units of another currency', '2500000'],
  ])('rule 3: an answer naming %s than the order is refused, and the order is not offered for payment', async (_what, orderAmt) => {
    rewriteAnswers('createOpenMini', (data) => ({ ...data, orderAmt }));
    const orderNo = await refusedCheckout();
    expect((await shown(orderNo)).status).toBe('PENDING');
  });

  it('rule 3: an answer naming another currency is refused', async () => {
    rewriteAnswers('createOpenMini', (data) => ({ ...data, currency: 'USD' }));
    await refusedCheckout();
  });

  it('rule 3: an answer that leaves out the optional currency, with the right amount, is accepted', async () => {
    rewriteAnswers('createOpenMini', ({ currency: _left, ...data }) => data);
    await payingOrder();
  });
});

describe('rule 7: a notification that overtakes createPayment', () => {
  it('rule 7: the PENDING→PAYING write never overwrites PAID when the notification arrives first', async () => {
    // The user pays so fast that NewPay's notification is handled between createOpenMini's answer
    // and createPayment's own write of PAYING.
    const update = h.store.updateOrder.bind(h.store);
    let overtaken = false;
    h.store.updateOrder = async (orderNo, condition, patch) => {
      if (patch.status === 'PAYING' && !overtaken) {
        overtaken = true;
        expect(await h.notify({ body: h.newpay.notification(orderNo) })).toMatchObject(SUCCESS);
        expect((await stored(orderNo)).status).toBe('PAID');
      }
      return update(orderNo, condition, patch);
    };
    const result = await h.call('createPayment', { items: COFFEE, idempotencyKey: newKey() });
    expect(overtaken).toBe(true);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.order.status).toBe('PAID');
    expect(result).not.toHaveProperty('launch');
    expect(await stored(result.order.orderNo)).toMatchObject({ status: 'PAID', paidAt: expect.any(Number) });
  });
});

describe('rule 8: no second charge', () => {
  const getMiniPaymentCalls = () => h.newpay.server.requests.filter((r) => r.path.endsWith('/getMiniPayment')).length;

  it('rule 8: miniPayment for an order that is already PAID is refused, and NewPay is not asked', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect((await stored(orderNo)).status).toBe('PAID');
    const result = await h.call('miniPayment', { orderNo, code: 'wx-login-code' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE', retryable: false } });
    expect(getMiniPaymentCalls()).toBe(0);
  });

  it('rule 8: miniPayment for a FAILED order is refused too', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1 }) });
    expect((await stored(orderNo)).status).toBe('FAILED');
    expect(await h.call('miniPayment', { orderNo, code: 'wx-login-code' })).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(getMiniPaymentCalls()).toBe(0);
  });

  it('rule 8: miniPayment for an order NewPay never gave a number is refused', async () => {
    const orderNo = await orderWhoseAnswerWasLost(newKey());
    expect(await h.call('miniPayment', { orderNo, code: 'wx-login-code' })).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    // The same for a PAYING record without NewPay's number (as an interrupted write could leave it).
    const paying = await payingOrder();
    expect(await h.store.updateOrder(paying, { statusIn: ['PAYING'] }, { newpayOrderNo: null })).toBe(true);
    expect(await h.call('miniPayment', { orderNo: paying, code: 'wx-login-code' })).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
    expect(getMiniPaymentCalls()).toBe(0);
  });

  it('rule 8: miniPayment for a PAYING order is allowed (the refusals above are about the status)', async () => {
    const orderNo = await payingOrder();
    expect(await h.call('miniPayment', { orderNo, code: 'wx-login-code' })).toMatchObject({ ok: true, payment: { package: 'prepay_id=wx21' } });
    expect(getMiniPaymentCalls()).toBe(1);
  });
});

describe('rule 10: the verdict of a recorded notification', () => {
  it('rule 10: the verdict is stored by the time payNotify has answered, even when the store writes it late', async () => {
    const orderNo = await payingOrder();
    const updateEvent = h.store.updateEvent.bind(h.store);
    let lateWrites = 0;
    h.store.updateEvent = async (id, patch) => {
      await new Promise((resolve) => setTimeout(resolve, 50)); // a slow database
      await updateEvent(id, patch);
      lateWrites++;
    };
    expect(await h.notify({ body: h.newpay.notification(orderNo) })).toMatchObject(SUCCESS);
    expect(lateWrites).toBeGreaterThan(0);
    expect(await h.store.listEvents()).toEqual([expect.objectContaining({ verdict: 'PAID', orderNo, httpStatus: 200 })]);
  });

  it('rule 10: the same for a refused notification', async () => {
    const orderNo = await payingOrder();
    const updateEvent = h.store.updateEvent.bind(h.store);
    h.store.updateEvent = async (id, patch) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await updateEvent(id, patch);
    };
    const forged = h.newpay.notification(orderNo).replace('"transStatus":0', '"transStatus":0,"x":"1"');
    expect((await h.notify({ body: forged })).statusCode).toBe(401);
    expect(await h.store.listEvents()).toEqual([expect.objectContaining({ verdict: 'BAD_SIGNATURE', httpStatus: 401 })]);
  });
});

describe('rule 12: what settlement writes', () => {
  it('rule 12: a failure sets failedAt, never paidAt', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1, transInfo: 'Insufficient balance' }) });
    const order = await stored(orderNo);
    expect(order).toMatchObject({ status: 'FAILED', failedAt: h.clock });
    expect(order.paidAt ?? undefined).toBeUndefined();
    expect(await shown(orderNo)).not.toHaveProperty('paidAt');
  });

  it('rule 12: a success sets paidAt, never failedAt', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo) });
    const order = await stored(orderNo);
    expect(order).toMatchObject({ status: 'PAID', paidAt: h.clock });
    expect(order.failedAt ?? undefined).toBeUndefined();
    expect(await shown(orderNo)).toMatchObject({ status: 'PAID', paidAt: h.clock });
  });

  it("rule 12: NewPay's order number is filled in when the order lacks it (notification)", async () => {
    const orderNo = await orderWhoseAnswerWasLost(newKey());
    expect(await h.notify({ body: h.newpay.notification(orderNo) })).toMatchObject(SUCCESS);
    expect(await stored(orderNo)).toMatchObject({ status: 'PAID', newpayOrderNo: h.newpay.orders.get(orderNo)!.newpayOrderNo });
  });

  it("rule 12: NewPay's order number is filled in when the order lacks it (query)", async () => {
    const key = newKey();
    const orderNo = await orderWhoseAnswerWasLost(key);
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    expect(await h.call('createPayment', { items: COFFEE, idempotencyKey: key })).toMatchObject({ ok: true, order: { status: 'PAID' } });
    expect(await stored(orderNo)).toMatchObject({ status: 'PAID', newpayOrderNo: h.newpay.orders.get(orderNo)!.newpayOrderNo });
  });

  it.each([
    ['names another one', (data: Record<string, unknown>) => ({ ...data, newpayOrderNo: '999999999999999999' })],
    ['names none', ({ newpayOrderNo: _left, ...data }: Record<string, unknown>) => data],
  ])("rule 12: NewPay's order number on the order is never overwritten by a query answer that %s", async (_what, change) => {
    const orderNo = await payingOrder();
    const original = (await stored(orderNo)).newpayOrderNo;
    expect(original).toBe(h.newpay.orders.get(orderNo)!.newpayOrderNo);
    await reconcileWithNewPaySaying(orderNo, change);
    expect((await stored(orderNo)).newpayOrderNo).toBe(original);
  });

  it.each([
    ['not a number', 'abc'],
    ['LAK with a non-zero fraction', '25000.50'],
    ['empty', ''],
  ])('rule 12: a query answer whose amount cannot be read (%s) never marks an order PAID', async (_what, orderAmt) => {
    const orderNo = await payingOrder();
    await reconcileWithNewPaySaying(orderNo, (data) => ({ ...data, orderAmt }));
    const order = await stored(orderNo);
    expect(order.status).toBe('PAYING');
    expect(order.paidAt ?? undefined).toBeUndefined();
  });

  it('rule 12: a notification whose amount cannot be read never marks an order PAID', async () => {
    const orderNo = await payingOrder();
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '25000.5' }) });
    expect((await stored(orderNo)).status).toBe('PAYING');
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: 'twenty-five thousand' }) });
    expect((await stored(orderNo)).status).toBe('PAYING');
    expect(scalarText((await h.store.listEvents())[0]!.verdict)).not.toBe('PAID');
  });
});
