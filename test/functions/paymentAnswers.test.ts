/**
 * What createPayment and miniPayment answer the mini program, what they leave on the order, and the log
 * lines an operator reads, for each kind of answer NewPay gives (or fails to give) and each request
 * the functions refuse before asking NewPay anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ExactObject, isPlainObject, parseExactObject } from '../../server/newpay/exactJson';
import { createPayment, miniPayment } from '../../server/orders/payments';
import { prepare } from '../../server/platform/runtime';
import { Handler, refusal, signedAnswer } from '../support/fakeNewPay';
import { merchantPrivateKey, platformPrivateKey } from '../support/fixtures';
import { Harness, resetHarness, startHarness, stopHarness, USER } from '../support/functions';

let h: Harness;
/** The NewPay double's own request handler, which the cases below wrap. */
let double: Handler;
beforeAll(async () => {
  h = await startHarness();
  double = h.newpay.server.handler;
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));
afterEach(() => {
  h.newpay.server.handler = double;
});

const cart = [
  { sku: 'coffee', qty: 2 },
  { sku: 'tea', qty: 1 },
];
const coffee = [{ sku: 'coffee', qty: 1 }];

const lines = (event: string) => h.logs.filter((l) => l.event === event);
const newestOrder = async () => (await h.store.listOrders(USER, { limit: 1 }))[0]!;

/** NewPay answers `operation` as the double does, with the answer's data changed by `edit` and signed with `key`. */
function editAnswer(operation: string, edit: (data: ExactObject) => ExactObject, key = platformPrivateKey): void {
  h.newpay.server.handler = (request) => {
    const answer = double(request);
    if (!request.path.endsWith(`/${operation}`) || typeof answer !== 'object') return answer;
    const envelope = parseExactObject(answer.body);
    if (!isPlainObject(envelope.data)) return answer;
    const { sign: _sign, ...data } = envelope.data;
    return { body: signedAnswer(edit(data), key) };
  };
}

/** NewPay refuses every `operation` request with this business code. */
function refuse(operation: string, code: string, message: string): void {
  h.newpay.server.handler = (request) => (request.path.endsWith(`/${operation}`) ? { body: refusal(code, message) } : double(request));
}

describe('createPayment: what NewPay answers', () => {
  it('a new checkout: order.created with its amount, the PAYING transition naming the launch, and NewPay’s numbers kept on the order', async () => {
    const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-ans-001' });
    if (!result.ok) throw new Error(result.error.message);
    const { orderNo } = result.order;
    const newpayOrder = h.newpay.orders.get(orderNo)!;
    expect(lines('order.created')).toEqual([expect.objectContaining({ level: 'info', orderNo, outcome: 'PENDING', detail: '68000 LAK' })]);
    expect(lines('order.transition')).toEqual([expect.objectContaining({ level: 'info', orderNo, outcome: 'PENDING->PAYING', detail: 'launch navigate' })]);
    expect(await h.store.findOrder(orderNo)).toMatchObject({
      status: 'PAYING',
      newpayOrderNo: newpayOrder.newpayOrderNo,
      tranNo: `T${newpayOrder.newpayOrderNo}`,
      lastError: null,
      leaseUntil: 0,
      attempts: 1,
    });

    // The same checkout again is the same order: nothing new is created or logged as created.
    expect(await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-ans-001' })).toEqual(result);
    expect(lines('order.created')).toHaveLength(1);
  });

  it('an answer without a transaction number: the order is PAYING with tranNo null', async () => {
    editAnswer('createOpenMini', ({ tranNo: _tranNo, ...data }) => data);
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-002' });
    if (!result.ok) throw new Error(result.error.message);
    expect(await h.store.findOrder(result.order.orderNo)).toMatchObject({ status: 'PAYING', tranNo: null });
  });

  it('an answer with another amount: refused, an AMOUNT_MISMATCH error line with both amounts, the order PENDING with a definite error', async () => {
    editAnswer('createOpenMini', (data) => ({ ...data, orderAmt: '1.00' }));
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-003' });
    const message = 'the payment service answered with a different amount; this order cannot be paid';
    expect(result).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', message, retryable: false } });
    const order = await newestOrder();
    expect(lines('newpay.createOpenMini')).toEqual([expect.objectContaining({ level: 'error', orderNo: order.orderNo, outcome: 'AMOUNT_MISMATCH', detail: 'NewPay answered 1.00 LAK for 25000 LAK' })]);
    expect(lines('newpay.call')).toEqual([expect.objectContaining({ level: 'error', orderNo: order.orderNo, outcome: 'PAYMENT_PROVIDER_REFUSED', detail: message })]);
    // Not an unknown outcome: a retry need not ask NewPay about the order first.
    expect(order).toMatchObject({ status: 'PENDING', leaseUntil: 0, lastError: { code: 'PAYMENT_PROVIDER_REFUSED', message, retryable: false, outcomeUnknown: false, at: h.clock } });
  });

  it('an answer with another amount and no currency: the error line shows the amount alone', async () => {
    editAnswer('createOpenMini', ({ currency: _currency, ...data }) => ({ ...data, orderAmt: '1.00' }));
    await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-004' });
    expect(lines('newpay.createOpenMini')).toEqual([expect.objectContaining({ outcome: 'AMOUNT_MISMATCH', detail: 'NewPay answered 1.00  for 25000 LAK' })]);
  });

  it('an answer whose signature does not verify: retryable UNAVAILABLE, the order PENDING with an unknown outcome, the reason in the warning', async () => {
    editAnswer('createOpenMini', (data) => data, merchantPrivateKey);
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-005' });
    expect(result).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: 'the payment service did not answer properly; try again', retryable: true } });
    const order = await newestOrder();
    const reason = "NewPay createOpenMini: the answer's signature does not verify with the platform public key (wrong NEWPAY_PLATFORM_PUBLIC_KEY, or the answer was altered)";
    expect(order).toMatchObject({ status: 'PENDING', lastError: { code: 'NEWPAY_BAD_SIGNATURE', message: reason, retryable: true, outcomeUnknown: true } });
    expect(lines('newpay.call')).toEqual([expect.objectContaining({ level: 'warn', orderNo: order.orderNo, outcome: 'PAYMENT_PROVIDER_UNAVAILABLE', newpayCode: 'NEWPAY_BAD_SIGNATURE', detail: reason })]);
  });

  it('a refusal: the error line carries NewPay’s own explanation', async () => {
    refuse('createOpenMini', 'Z00046', 'ip not allowed');
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-006' });
    expect(result).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', message: 'the payment service refused this order (Z00046)', retryable: false } });
    expect(lines('newpay.call')).toEqual([
      expect.objectContaining({
        level: 'error',
        outcome: 'PAYMENT_PROVIDER_REFUSED',
        newpayCode: 'Z00046',
        detail: 'NewPay createOpenMini refused with Z00046: whitelist authentication failed (is this server IP registered with NewPay?) (NewPay said: ip not allowed)',
      }),
    ]);
  });
});

describe('createPayment: a retry after an unknown outcome', () => {
  it('NewPay still processing the lost order: a newpay.queryOrder line, then the user is told to start a new checkout', async () => {
    h.newpay.nextCreateFault = 'timeout-after-create';
    await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-010' });
    const retried = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-010' });
    expect(retried).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', message: 'this payment could not be resumed; please start a new checkout', retryable: false } });
    const order = await newestOrder();
    expect(lines('newpay.queryOrder')).toEqual([expect.objectContaining({ level: 'info', orderNo: order.orderNo, outcome: 'PROCESSING' })]);
    expect(order).toMatchObject({ status: 'PENDING', lastError: { code: 'Z01028', retryable: false, outcomeUnknown: false } });
  });

  it('a query NewPay refuses (other than "no such order"): that refusal is the answer, and no second order is created', async () => {
    h.newpay.nextCreateFault = 'http-502';
    await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-011' });
    refuse('queryOrder', 'E9999', 'system busy');
    const retried = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-011' });
    expect(retried).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', message: 'the payment service refused this order (E9999)', retryable: true } });
    expect(h.newpay.createCalls).toBe(1);
    expect(await newestOrder()).toMatchObject({ status: 'PENDING', lastError: { code: 'E9999', retryable: true, outcomeUnknown: true } });
  });
});

describe('createPayment: the same checkout again', () => {
  it('while another request is talking to NewPay about it: IN_PROGRESS, retryable, and NewPay is not asked twice', async () => {
    h.newpay.nextCreateFault = 'timeout-before-create'; // the first request waits for NewPay until its timeout
    const first = h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-020' });
    while (h.newpay.createCalls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-020' });
    expect(second).toEqual({ ok: false, error: { code: 'IN_PROGRESS', message: 'this payment is being prepared; try again in a moment', retryable: true } });
    expect(await first).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' } });
    expect(h.newpay.createCalls).toBe(1);
  });

  it('an order already PAYING is answered from what was read: no write to it, no second read', async () => {
    const first = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-021' });
    const calls: string[] = [];
    const { updateOrder, findOrder } = h.store;
    h.store.updateOrder = (...args) => (calls.push('updateOrder'), updateOrder.apply(h.store, args));
    h.store.findOrder = (...args) => (calls.push('findOrder'), findOrder.apply(h.store, args));
    expect(await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-021' })).toEqual(first);
    expect(calls).toEqual([]);
  });

  it('an order already PAID: shown PAID, with no launch to pay it again', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-ans-022', items: coffee });
    await h.notify({ body: h.newpay.notification(orderNo) });
    const again = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-022' });
    expect(again).toMatchObject({ ok: true, order: { orderNo, status: 'PAID' } });
    expect(again).not.toHaveProperty('launch');
  });

  it('the same cart listed in another order is the same checkout', async () => {
    const orders = [];
    for (const items of [
      [{ sku: 'coffee', qty: 2 }, { sku: 'tea', qty: 1 }, { sku: 'mug', qty: 1 }],
      [{ sku: 'mug', qty: 1 }, { sku: 'tea', qty: 1 }, { sku: 'coffee', qty: 2 }],
      [{ sku: 'tea', qty: 1 }, { sku: 'coffee', qty: 2 }, { sku: 'mug', qty: 1 }],
      [{ sku: 'tea', qty: 1 }, { sku: 'mug', qty: 1 }, { sku: 'coffee', qty: 2 }],
    ]) {
      const result = await h.call('createPayment', { items, idempotencyKey: 'checkout-ans-023' });
      orders.push(result.ok ? result.order.orderNo : result.error.code);
    }
    expect(new Set(orders).size).toBe(1);
    expect(orders[0]).toMatch(/^2026/);
    expect(h.newpay.createCalls).toBe(1);
  });

  it('an order stored by an earlier release is found again: the key and cart fingerprints are a stored format', async () => {
    // As stored before an upgrade: _id from (openid, key), cartHash from the cart lines (one per sku) sorted by sku, as JSON.
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const stored = {
      _id: sha256(`${USER}\ncheckout-ans-024`),
      orderNo: '20261121095900000UPGRADE00001',
      openid: USER,
      status: 'PAYING' as const,
      currency: 'LAK' as const,
      amount: '68000',
      items: [
        { sku: 'coffee', name: 'Lao coffee 250g', qty: 2, price: { value: '25000', currency: 'LAK' as const } },
        { sku: 'tea', name: 'Phongsaly tea', qty: 1, price: { value: '18000', currency: 'LAK' as const } },
      ],
      cartHash: sha256(JSON.stringify([{ sku: 'coffee', qty: 2 }, { sku: 'tea', qty: 1 }])),
      envVersion: 'release' as const,
      createdAt: h.clock - 60_000,
      updatedAt: h.clock - 60_000,
      expiresAt: h.clock + 29 * 60_000,
      leaseUntil: 0,
      attempts: 1,
      newpayOrderNo: '202611210000001234',
      launch: { kind: 'external' as const, url: 'weixin://dl/business/?t=Ticket1' },
      flags: [],
    };
    await h.store.insertOrder(stored);
    const again = await h.call('createPayment', { items: [{ sku: 'tea', qty: 1 }, { sku: 'coffee', qty: 2 }], idempotencyKey: 'checkout-ans-024' });
    expect(again).toMatchObject({ ok: true, order: { orderNo: stored.orderNo, status: 'PAYING' }, launch: stored.launch });
    expect(h.newpay.server.requests).toHaveLength(0);
  });

  it('the same key with another cart: refused, saying to start a new checkout', async () => {
    await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-ans-025' });
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-025' });
    expect(result).toEqual({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'this checkout was already used for a different cart; start a new checkout', retryable: false } });
  });
});

describe('createPayment: requests refused before NewPay is asked', () => {
  const keyRule = 'idempotencyKey must be 8 to 64 characters of letters, digits, - or _';

  it.each([
    ['7 characters', 'checkou'],
    ['65 characters', 'k'.repeat(65)],
    ['other characters before a valid key', '!!checkout-0001'],
    ['other characters after a valid key', 'checkout-0001!!'],
    ['a space inside', 'checkout 0001'],
    ['not a string', 12345678],
  ])('an idempotency key of %s', async (_what, idempotencyKey) => {
    const result = await h.call('createPayment', { items: coffee, idempotencyKey });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: keyRule, retryable: false } });
    expect(h.newpay.server.requests).toHaveLength(0);
    expect(await h.store.listOrders(USER, { limit: 1 })).toEqual([]);
  });

  it.each([
    ['8 characters', 'abcd-_09'],
    ['64 characters', 'K'.repeat(64)],
  ])('accepts an idempotency key of %s', async (_what, idempotencyKey) => {
    expect(await h.call('createPayment', { items: coffee, idempotencyKey })).toMatchObject({ ok: true, order: { status: 'PAYING' } });
  });

  it('an envVersion other than release or trial', async () => {
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-030', envVersion: 'develop' });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'envVersion must be release or trial', retryable: false } });
  });

  it('envVersion release is accepted; with trial allowed, a checkout that does not ask for trial still pays in release', async () => {
    expect(await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-031', envVersion: 'release' })).toMatchObject({ ok: true, launch: { envVersion: 'release' } });
    h.env.NEWPAY_ALLOW_TRIAL = 'true';
    h.restart();
    const result = await h.call('createPayment', { items: coffee, idempotencyKey: 'checkout-ans-032' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.launch).toMatchObject({ envVersion: 'release' });
    expect(h.newpay.orders.get(result.order.orderNo)!.envVersion).toBe('release');
  });
});

describe('miniPayment', () => {
  it('a payable order: the payment parameters, and an OK line for the operator', async () => {
    const orderNo = await h.payingOrder({ items: coffee });
    expect(await h.call('miniPayment', { orderNo, code: 'c'.repeat(128) })).toMatchObject({ ok: true, payment: { package: 'prepay_id=wx21' } });
    expect(lines('newpay.getMiniPayment')).toEqual([expect.objectContaining({ level: 'info', orderNo, outcome: 'OK' })]);
  });

  it.each([
    ['empty', ''],
    ['over 128 characters', 'c'.repeat(129)],
    ['not a string', 42],
  ])('refuses a wx.login code that is %s, without asking NewPay', async (_what, code) => {
    const orderNo = await h.payingOrder({ items: coffee });
    const requests = h.newpay.server.requests.length;
    expect(await h.call('miniPayment', { orderNo, code })).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'code (from wx.login) is required', retryable: false } });
    expect(h.newpay.server.requests).toHaveLength(requests);
  });

  it('refuses a missing orderNo', async () => {
    expect(await h.call('miniPayment', { code: 'wx-login-code' })).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'orderNo is required', retryable: false } });
  });

  it('an order that is not PAYING: NOT_PAYABLE, naming the order and its status', async () => {
    const orderNo = await h.payingOrder({ items: coffee });
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect(await h.call('miniPayment', { orderNo, code: 'wx-login-code' })).toEqual({ ok: false, error: { code: 'NOT_PAYABLE', message: `order ${orderNo} is PAID and cannot be paid now`, retryable: false } });
  });

  it('NewPay refusing the payment parameters: the refusal answered, and a warning with its code', async () => {
    const orderNo = await h.payingOrder({ items: coffee });
    refuse('getMiniPayment', 'Z00047', 'channel not supported');
    expect(await h.call('miniPayment', { orderNo, code: 'wx-login-code' })).toEqual({
      ok: false,
      error: { code: 'PAYMENT_PROVIDER_REFUSED', message: 'the payment service refused this order (Z00047)', retryable: false },
    });
    expect(lines('newpay.getMiniPayment')).toEqual([expect.objectContaining({ level: 'warn', orderNo, outcome: 'PAYMENT_PROVIDER_REFUSED', newpayCode: 'Z00047' })]);
  });
});

describe('the payment services without NewPay settings', () => {
  it('refuse with MISCONFIGURED, saying so, and store nothing', async () => {
    const env = Object.fromEntries(Object.entries(h.env).filter(([name]) => !name.startsWith('NEWPAY_')));
    const { deps } = prepare({ store: h.store, env, logSink: () => undefined, identify: () => ({}), now: () => h.clock, randomBytes }, 'payments-without-newpay', false);
    const misconfigured = { code: 'MISCONFIGURED', message: 'this function is not configured for NewPay', retryable: false };
    await expect(createPayment(deps!, { openid: USER }, { items: coffee, idempotencyKey: 'checkout-ans-040' })).rejects.toMatchObject(misconfigured);
    await expect(miniPayment(deps!, { openid: USER }, { orderNo: '20261121000000000AAAAAAAAAAAA', code: 'wx-login-code' })).rejects.toMatchObject(misconfigured);
    expect(await h.store.listOrders(USER, { limit: 1 })).toEqual([]);
  });
});
