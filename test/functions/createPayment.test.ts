import { Harness, OTHER_USER, resetHarness, startHarness, stopHarness } from '../support/functions';
import { CASHIER_APPID } from '../support/newpayDouble';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

const cart = [
  { sku: 'coffee', qty: 2 },
  { sku: 'tea', qty: 1 },
];

async function ordersInStore(): Promise<number> {
  return (await h.store.listOrders('o-user-a', { limit: 50 })).length;
}

describe('catalog', () => {
  it('lists the active products with their prices', async () => {
    const result = await h.call('catalog', {});
    if (!result.ok) throw new Error(result.error.message);
    expect(result.products.map((p) => p.sku)).toEqual(['coffee', 'mug', 'tea']);
    expect(result.products[0]!.price).toEqual({ value: '25000', currency: 'LAK' });
  });
});

describe('createPayment', () => {
  it('prices the cart on the server, creates a NewPay order and tells the client how to launch payment', async () => {
    const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0001' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.order).toMatchObject({ status: 'PAYING', amount: { value: '68000', currency: 'LAK' } });
    expect(result.order.items).toEqual([
      { sku: 'coffee', name: 'Lao coffee 250g', qty: 2, price: { value: '25000', currency: 'LAK' } },
      { sku: 'tea', name: 'Phongsaly tea', qty: 1, price: { value: '18000', currency: 'LAK' } },
    ]);
    const newpayOrder = h.newpay.orders.get(result.order.orderNo)!;
    expect(newpayOrder).toMatchObject({ orderAmt: '68000', currency: 'LAK', envVersion: 'release' });
    expect(result.launch).toEqual({ kind: 'navigate', appId: CASHIER_APPID, path: `pages/cashier/index?newpayOrderNo=${newpayOrder.newpayOrderNo}`, envVersion: 'release' });
    const stored = await h.store.findOrder(result.order.orderNo);
    expect(stored).toMatchObject({ status: 'PAYING', newpayOrderNo: newpayOrder.newpayOrderNo, openid: 'o-user-a' });
  });

  it('ignores prices, totals and identities sent by the client', async () => {
    const result = await h.call('createPayment', {
      items: [{ sku: 'coffee', qty: 1, price: { value: '1', currency: 'LAK' } }],
      idempotencyKey: 'checkout-0002',
      amount: { value: '1', currency: 'LAK' },
      openid: OTHER_USER,
      userInfo: { openId: OTHER_USER },
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.order.amount.value).toBe('25000');
    expect(h.newpay.orders.get(result.order.orderNo)!.orderAmt).toBe('25000');
    expect((await h.store.findOrder(result.order.orderNo))!.openid).toBe('o-user-a');
  });

  it.each([
    ['an unknown sku', [{ sku: 'ghost', qty: 1 }], 'UNKNOWN_SKU'],
    ['a retired product', [{ sku: 'retired', qty: 1 }], 'UNKNOWN_SKU'],
    ['qty 0', [{ sku: 'coffee', qty: 0 }], 'INVALID_QUANTITY'],
    ['qty -1', [{ sku: 'coffee', qty: -1 }], 'INVALID_QUANTITY'],
    ['qty 100', [{ sku: 'coffee', qty: 100 }], 'INVALID_QUANTITY'],
    ['a fractional qty', [{ sku: 'coffee', qty: 1.5 }], 'INVALID_QUANTITY'],
    ['over 50 lines', Array.from({ length: 51 }, () => ({ sku: 'coffee', qty: 1 })), 'TOO_MANY_LINES'],
    ['no items', [], 'EMPTY_CART'],
    ['a total over MAX_ORDER_AMOUNT', [{ sku: 'mug', qty: 99 }, { sku: 'coffee', qty: 99 }], 'AMOUNT_TOO_LARGE'],
  ])('refuses %s with a typed error, no order and no NewPay call', async (_what, items, code) => {
    const result = await h.call('createPayment', { items, idempotencyKey: 'checkout-bad1' });
    expect(result).toEqual({ ok: false, error: { code, message: expect.any(String), retryable: false } });
    expect(await ordersInStore()).toBe(0);
    expect(h.newpay.server.requests).toHaveLength(0);
  });

  it.each([
    ['no idempotency key', { items: cart }],
    ['a short idempotency key', { items: cart, idempotencyKey: 'abc' }],
    ['an unknown envVersion', { items: cart, idempotencyKey: 'checkout-0003', envVersion: 'develop' }],
  ])('refuses %s', async (_what, event) => {
    const result = await h.call('createPayment', event);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(h.newpay.server.requests).toHaveLength(0);
  });

  it('returns the same order for the same key, without a second NewPay order', async () => {
    const first = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0004' });
    const again = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0004' });
    expect(again).toEqual(first);
    expect(h.newpay.createCalls).toBe(1);
    expect(await ordersInStore()).toBe(1);
  });

  it('creates one order for a double tap (two concurrent calls with the same key)', async () => {
    const results = await Promise.all([1, 2].map(() => h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0005' })));
    expect(await ordersInStore()).toBe(1);
    expect(h.newpay.createCalls).toBe(1);
    const orderNos = results.map((r) => (r.ok ? r.order.orderNo : r.error.code));
    expect(orderNos.filter((x) => x !== 'IN_PROGRESS')).toEqual(expect.arrayContaining([expect.stringMatching(/^2026/)]));
  });

  it('refuses the same key with a different cart, changing nothing', async () => {
    await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0006' });
    const result = await h.call('createPayment', { items: [{ sku: 'mug', qty: 1 }], idempotencyKey: 'checkout-0006' });
    expect(result).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(h.newpay.createCalls).toBe(1);
  });

  it('keeps keys per user: the same key from another user is another order', async () => {
    const mine = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0007' });
    const theirs = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0007' }, OTHER_USER);
    expect(mine.ok && theirs.ok && mine.order.orderNo !== theirs.order.orderNo).toBe(true);
  });

  it('keeps the order PENDING with the error after a NewPay 5xx; the retry creates it once', async () => {
    h.newpay.nextCreateFault = 'http-502';
    const failed = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0008' });
    expect(failed).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: expect.any(String), retryable: true } });
    const [pending] = await h.store.listOrders('o-user-a', { limit: 1 });
    expect(pending).toMatchObject({ status: 'PENDING', lastError: { code: 'NEWPAY_UNREACHABLE', outcomeUnknown: true } });

    const retried = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0008' });
    expect(retried).toMatchObject({ ok: true, order: { orderNo: pending!.orderNo, status: 'PAYING' } });
    expect(h.newpay.orders.size).toBe(1);
  });

  it('after a timeout where NewPay never got the order, queries first and then creates it once', async () => {
    h.newpay.nextCreateFault = 'timeout-before-create';
    const failed = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0009' });
    expect(failed).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', retryable: true } });
    const retried = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0009' });
    expect(retried).toMatchObject({ ok: true, order: { status: 'PAYING' } });
    expect(h.newpay.server.requests.map((r) => r.path.split('/').pop())).toEqual(['createOpenMini', 'queryOrder', 'createOpenMini']);
    expect(h.newpay.orders.size).toBe(1);
  });

  it('after a timeout where NewPay did create the order, never creates a second one', async () => {
    h.newpay.nextCreateFault = 'timeout-after-create';
    await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0010' });
    const retried = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0010' });
    expect(h.newpay.orders.size).toBe(1);
    // NewPay cannot hand the payment link out again; the user is told to start over, and the order
    // stays PENDING so that a late payment notification or the reconciler still settles it.
    expect(retried).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', retryable: false } });
    const [order] = await h.store.listOrders('o-user-a', { limit: 1 });
    expect(order!.status).toBe('PENDING');
  });

  it('settles from the query when an order whose answer was lost has meanwhile been paid', async () => {
    h.newpay.nextCreateFault = 'timeout-after-create';
    await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0011' });
    [...h.newpay.orders.values()][0]!.transStatus = 1;
    const retried = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0011' });
    expect(retried).toMatchObject({ ok: true, order: { status: 'PAID' } });
    expect(h.newpay.createCalls).toBe(1);
  });

  it('maps a NewPay refusal to a typed, non-retryable error', async () => {
    h.env.NEWPAY_MERCHANT_PRIVATE_KEY = (await import('../support/fixtures')).keyText('platform_private.pem'); // the wrong key: NewPay answers Z00007
    h.restart();
    const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0012' });
    expect(result).toEqual({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', message: 'the payment service refused this order (Z00007)', retryable: false } });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'newpay.call', newpayCode: 'Z00007' }));
  });

  describe('envVersion', () => {
    it("uses release even when the client asks for trial, unless trial is allowed", async () => {
      await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0013', envVersion: 'trial' });
      expect([...h.newpay.orders.values()][0]!.envVersion).toBe('release');
      h.env.NEWPAY_ALLOW_TRIAL = 'true';
      h.restart();
      const trial = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0014', envVersion: 'trial' });
      expect(trial).toMatchObject({ ok: true, launch: { envVersion: 'trial' } });
    });
  });

  describe('launch', () => {
    it('pays in our own mini program when NewPay points back at it', async () => {
      h.newpay.payUrlFor = (o) => `weixin://dl/business/?appid=wxOURSHOP&path=pages/pay/index&query=newpayOrderNo%3D${o.newpayOrderNo}`;
      const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0015' });
      expect(result).toMatchObject({ ok: true, launch: { kind: 'inApp' } });
      if (result.ok) expect(result.launch).toEqual({ kind: 'inApp', orderNo: result.order.orderNo });
    });

    it('hands anything else to the user as a link', async () => {
      h.newpay.payUrlFor = () => 'weixin://dl/business/?t=EncryptedTicket123';
      const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0016' });
      expect(result).toMatchObject({ ok: true, launch: { kind: 'external', url: 'weixin://dl/business/?t=EncryptedTicket123' } });
    });
  });

  it('answers UNAUTHENTICATED without a WeChat identity, whatever the event says', async () => {
    const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0017', openid: 'o-user-a' }, '');
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers MISCONFIGURED, listing nothing secret, when configuration is missing', async () => {
    delete h.env.NEWPAY_BASE_URL;
    h.restart();
    const result = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0018' });
    expect(result).toMatchObject({ ok: false, error: { code: 'MISCONFIGURED', retryable: false } });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'cold-start', outcome: 'MISCONFIGURED', detail: 'NEWPAY_BASE_URL: missing' }));
  });
});

describe('miniPayment', () => {
  it('returns the wx.requestPayment parameters for a payable order of the caller', async () => {
    const created = await h.call('createPayment', { items: cart, idempotencyKey: 'checkout-0019' });
    if (!created.ok) throw new Error(created.error.message);
    const result = await h.call('miniPayment', { orderNo: created.order.orderNo, code: 'wx-login-code' });
    expect(result).toEqual({ ok: true, payment: { timeStamp: '1763768192', nonceStr: 'n0nce', package: 'prepay_id=wx21', signType: 'RSA', paySign: 'c2lnbmF0dXJl' } });
    expect(await h.call('miniPayment', { orderNo: created.order.orderNo, code: 'c' }, OTHER_USER)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
