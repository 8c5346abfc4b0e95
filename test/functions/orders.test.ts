import { Harness, OTHER_USER, resetHarness, startHarness, stopHarness } from '../support/functions';
import { keyText } from '../support/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

async function checkout(key: string, openid?: string): Promise<string> {
  const result = await h.call('createPayment', { items: [{ sku: 'tea', qty: 2 }], idempotencyKey: key }, openid);
  if (!result.ok) throw new Error(result.error.message);
  return result.order.orderNo;
}

describe('getOrder', () => {
  it("shows the caller's order without payment tickets or NewPay data", async () => {
    const orderNo = await checkout('checkout-g001');
    const result = await h.call('getOrder', { orderNo });
    expect(result).toEqual({
      ok: true,
      order: { orderNo, status: 'PAYING', amount: { value: '36000', currency: 'LAK' }, items: [{ sku: 'tea', name: 'Phongsaly tea', qty: 2, price: { value: '18000', currency: 'LAK' } }], createdAt: h.clock },
    });
    expect(JSON.stringify(result)).not.toMatch(/weixin:|newpayOrderNo|payUrl|openid/);
  });

  it("answers NOT_FOUND for someone else's order, exactly as for one that does not exist", async () => {
    const orderNo = await checkout('checkout-g002');
    const theirs = await h.call('getOrder', { orderNo }, OTHER_USER);
    const missing = await h.call('getOrder', { orderNo: '20991231000000000AAAAAAAAAAAA' }, OTHER_USER);
    expect(theirs).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `no order ${orderNo}`, retryable: false } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a malformed orderNo', async () => {
    expect(await h.call('getOrder', { orderNo: { $ne: null } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});

describe('listOrders', () => {
  it("pages through the caller's own orders, newest first", async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock += 1000;
      mine.push(await checkout(`checkout-l00${i}`));
    }
    await checkout('checkout-l999', OTHER_USER);
    const first = await h.call('listOrders', { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.orders.map((o) => o.orderNo)).toEqual([mine[4], mine[3]]);
    const second = await h.call('listOrders', { limit: 2, cursor: first.nextCursor! });
    const third = second.ok ? await h.call('listOrders', { limit: 2, cursor: second.nextCursor! }) : second;
    expect(second.ok && second.orders.map((o) => o.orderNo)).toEqual([mine[2], mine[1]]);
    expect(third).toMatchObject({ ok: true, orders: [{ orderNo: mine[0] }], nextCursor: null });
  });

  it('refuses a limit out of range and a forged cursor', async () => {
    expect(await h.call('listOrders', { limit: 500 })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await h.call('listOrders', { cursor: { $gt: '' } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});

describe('reconcile', () => {
  it('recovers a payment whose notification never came, through the order query', async () => {
    const orderNo = await checkout('checkout-r001');
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    h.clock += 11 * 60_000; // older than RECONCILE_AFTER_MINUTES
    const result = await h.reconcile();
    expect(result).toEqual({ ok: true, summary: { checked: 1, paid: 1, failed: 0, expired: 0, unchanged: 0, errors: 0 } });
    expect(await h.call('getOrder', { orderNo })).toMatchObject({ ok: true, order: { status: 'PAID' } });
  });

  it('leaves recent orders alone, and keeps open ones NewPay still processes until their TTL', async () => {
    const orderNo = await checkout('checkout-r002');
    expect((await h.reconcile()).summary.checked).toBe(0);
    h.clock += 11 * 60_000;
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, unchanged: 1 });
    h.clock += 20 * 60_000; // now past the 30-minute TTL
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, expired: 1 });
    expect((await h.store.findOrder(orderNo))!.status).toBe('EXPIRED');
  });

  it('applies a failure reported by the query', async () => {
    const orderNo = await checkout('checkout-r003');
    h.newpay.orders.get(orderNo)!.transStatus = 0;
    h.clock += 11 * 60_000;
    expect((await h.reconcile()).summary).toMatchObject({ failed: 1 });
    expect((await h.store.findOrder(orderNo))!.status).toBe('FAILED');
  });

  it('expires an order NewPay never heard of, once past its TTL', async () => {
    h.newpay.nextCreateFault = 'timeout-before-create';
    await h.call('createPayment', { items: [{ sku: 'tea', qty: 1 }], idempotencyKey: 'checkout-r004' });
    h.clock += 31 * 60_000;
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, expired: 1 });
  });

  it('counts NewPay being unreachable as an error and tries again next time', async () => {
    const orderNo = await checkout('checkout-r005');
    h.clock += 11 * 60_000;
    h.env.NEWPAY_BASE_URL = 'http://127.0.0.1:1';
    h.restart();
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, errors: 1 });
    expect((await h.store.findOrder(orderNo))!.status).toBe('PAYING');
  });
});

describe('logs', () => {
  it('are one JSON object per event with function, event, order, time and outcome', async () => {
    const orderNo = await checkout('checkout-log1');
    expect(h.logs).toContainEqual({ level: 'info', fn: 'createPayment', event: 'call', outcome: 'ok', ms: expect.any(Number) });
    expect(h.logs).toContainEqual(expect.objectContaining({ fn: 'createPayment', event: 'order.transition', orderNo, outcome: 'PENDING->PAYING' }));
  });

  it('never contain keys, signatures or payment tickets, across a whole purchase and its failures', async () => {
    const secrets = [
      ...keyText('merchant_private_pkcs8.pem').split('\n').slice(1, -2),
      ...keyText('platform_public.pem').split('\n').slice(1, -2),
    ];
    const orderNo = await checkout('checkout-log2');
    const order = h.newpay.orders.get(orderNo)!;
    const body = h.newpay.notification(orderNo);
    const signature = (JSON.parse(body) as { sign: string }).sign;
    await h.notify({ body });
    await h.notify({ body: body.replace('"extra":""', '"extra":"x"') }); // forged
    await h.call('miniPayment', { orderNo, code: 'wx-login-code' });
    h.newpay.payUrlFor = () => 'weixin://dl/business/?t=SecretTicket0123456789';
    await h.call('createPayment', { items: [{ sku: 'mug', qty: 1 }], idempotencyKey: 'checkout-log3' });
    delete h.env.NEWPAY_MERCHANT_PRIVATE_KEY;
    h.env.NEWPAY_MERCHANT_PRIVATE_KEY_FILE = '/nonexistent.pem';
    h.restart();
    await h.call('createPayment', { items: [{ sku: 'mug', qty: 1 }], idempotencyKey: 'checkout-log4' });

    const text = h.logs.map((l) => JSON.stringify(l)).join('\n');
    expect(h.logs.length).toBeGreaterThan(8);
    for (const line of secrets) expect(text).not.toContain(line.slice(0, 32));
    expect(text).not.toContain(signature.slice(0, 24));
    expect(text).not.toContain('SecretTicket');
    expect(text).not.toContain(h.newpay.payUrlFor(order));
    expect(text).not.toContain('weixin://');
    expect(text).not.toContain('wx-login-code');
    expect(text).not.toContain('prepay_id');
  });
});
