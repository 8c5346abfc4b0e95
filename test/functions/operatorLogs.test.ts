/**
 * The log lines an operator acts on when money moves: every status change with what caused it, the
 * errors that page someone (late money, reports that disagree, a wrong amount), and reconcile's own
 * account of each run. Quiet when nothing is wrong: a plain payment pages nobody.
 */
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';
import { keyText } from '../support/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const order = async (orderNo: string) => (await h.store.findOrder(orderNo))!;
const lines = (event: string) => h.logs.filter((l) => l.event === event);
const paging = () => h.logs.filter((l) => l.level === 'error');

describe('settlement logs', () => {
  it('a plain payment: one transition at info naming its source, nothing that pages anyone', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-001' });
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect(lines('order.transition').filter((l) => l.outcome === 'PAYING->PAID')).toEqual([expect.objectContaining({ level: 'info', orderNo, detail: 'notification' })]);
    expect(paging()).toEqual([]);
  });

  it('a payment after expiry: the transition at warn with its flag, and a payment.late error saying what to do', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-002' });
    h.clock += 31 * MINUTE;
    await h.reconcile();
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    h.clock += 10 * MINUTE;
    await h.reconcile();
    expect(lines('order.transition').find((l) => l.outcome === 'EXPIRED->PAID')).toMatchObject({ level: 'warn', detail: 'query LATE_PAYMENT' });
    expect(lines('payment.late')).toEqual([
      expect.objectContaining({ level: 'error', orderNo, outcome: 'LATE_PAYMENT', detail: 'query: paid after the order was EXPIRED; check delivery, or refund the user' }),
    ]);
    expect(lines('payment.conflict')).toEqual([]);
  });

  it('a wrong amount: a payment.mismatch error with both amounts and the state it left the order in', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-003' });
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    expect(lines('payment.mismatch')).toEqual([
      expect.objectContaining({ level: 'error', orderNo, outcome: 'AMOUNT_MISMATCH', detail: 'notification reported 1.00 LAK, order is 25000 LAK (PAYING): not marked paid, flagged for review' }),
    ]);
  });

  it('reports that disagree: PAID at warn, and one payment.conflict error pointing at the payment events', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-004' });
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect(lines('order.transition').find((l) => l.outcome === 'PAYING->PAID')).toMatchObject({ level: 'warn', detail: 'notification CONFLICTING_REPORTS' });
    expect(lines('payment.conflict')).toEqual([
      expect.objectContaining({ level: 'error', orderNo, outcome: 'AMOUNT_MISMATCH', detail: 'notification reported 25000.00 LAK and PAID; an earlier report named another amount: review the payment events' }),
    ]);
    expect(lines('payment.late')).toEqual([]);
  });

  it('a payment after a failure: PAID_AFTER_FAILURE pages someone like a late payment', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-006' });
    await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1, transInfo: 'Insufficient balance' }) });
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect((await order(orderNo)).status).toBe('PAID');
    expect(lines('payment.late')).toEqual([
      expect.objectContaining({ level: 'error', orderNo, outcome: 'PAID_AFTER_FAILURE', detail: 'notification: paid after the order was FAILED; check delivery, or refund the user' }),
    ]);
  });

  it('a second report with another amount for a paid order: one mismatch line naming both flags', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-007' });
    await h.notify({ body: h.newpay.notification(orderNo) });
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    expect(lines('payment.mismatch')).toEqual([expect.objectContaining({ orderNo, outcome: 'AMOUNT_MISMATCH,CONFLICTING_REPORTS' })]);
  });

  it('late money after two disagreeing reports: every flag listed, comma-separated, on both paging lines', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-008' });
    h.clock += 31 * MINUTE;
    await h.reconcile();
    expect((await order(orderNo)).status).toBe('EXPIRED');
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    await h.notify({ body: h.newpay.notification(orderNo, { currency: 'USD' }) });
    await h.notify({ body: h.newpay.notification(orderNo) });
    expect((await order(orderNo)).status).toBe('PAID');
    expect(lines('payment.late')).toEqual([expect.objectContaining({ orderNo, outcome: 'LATE_PAYMENT,CONFLICTING_REPORTS' })]);
    expect(lines('payment.conflict')).toEqual([expect.objectContaining({ orderNo, outcome: 'AMOUNT_MISMATCH,CURRENCY_MISMATCH' })]);
  });

  it('an order that keeps changing under the settlement: gives up after 5 reads with 503, so NewPay retries later', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-005' });
    const find = h.store.findOrder.bind(h.store);
    let reads = 0;
    h.store.findOrder = (no) => {
      reads++;
      return find(no);
    };
    h.store.updateOrder = async () => false; // another writer wins every time
    expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(503);
    expect(reads).toBe(1 + 5); // payNotify's own read, then five rounds
    const [event] = await h.store.listEvents();
    expect(event).toMatchObject({ verdict: 'STORE_FAILED', detail: `order ${orderNo} kept changing while settling it` });
  });
});

describe('reconcile logs', () => {
  it('expiring an order: the transition at info; each run: one summary line with its counts and duration', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-006' });
    h.clock += 31 * MINUTE;
    const find = h.store.findOrdersToReconcile.bind(h.store);
    h.store.findOrdersToReconcile = async (options) => {
      h.clock += 40; // a slow query
      return find(options);
    };
    const run = await h.reconcile();
    expect(run.summary).toEqual({ checked: 1, paid: 0, failed: 0, expired: 1, unchanged: 0, errors: 0 });
    expect(lines('order.transition').at(-1)).toMatchObject({ level: 'info', orderNo, outcome: 'PAYING->EXPIRED' });
    expect(lines('reconcile')).toEqual([expect.objectContaining({ level: 'info', count: 1, outcome: JSON.stringify(run.summary) })]);
    expect(lines('reconcile')[0]!.ms).toBeGreaterThanOrEqual(40);
    expect(lines('reconcile')[0]!.ms).toBeLessThan(1000);
  });

  it('a query NewPay refuses: a reconcile.order warning with its code, and the order is not expired on a guess', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-007' });
    h.env.NEWPAY_MERCHANT_PRIVATE_KEY = keyText('platform_private.pem'); // NewPay no longer accepts our signature
    h.restart();
    h.clock += 31 * MINUTE;
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, errors: 1, expired: 0 });
    expect(lines('reconcile.order')).toEqual([expect.objectContaining({ level: 'warn', orderNo, outcome: 'ERROR', newpayCode: 'Z00007', detail: expect.stringContaining('sign') })]);
    expect((await order(orderNo)).status).toBe('PAYING');
  });

  it('an order NewPay reports paid with another amount past its expiry: flagged, never expired under the flag', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-008' });
    Object.assign(h.newpay.orders.get(orderNo)!, { transStatus: 1, orderAmt: '1' });
    h.clock += 31 * MINUTE;
    expect((await h.reconcile()).summary).toMatchObject({ checked: 1, expired: 0, unchanged: 1 });
    expect(await order(orderNo)).toMatchObject({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] });
  });

  it('an order another run claimed first: left alone, NewPay not asked twice', async () => {
    const orderNo = await h.payingOrder({ key: 'checkout-log-009' });
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    h.clock += 11 * MINUTE;
    const find = h.store.findOrdersToReconcile.bind(h.store);
    h.store.findOrdersToReconcile = async (options) => {
      const due = await find(options);
      // An overlapping run claims the order between our read and our claim.
      await h.store.updateOrder(orderNo, { statusIn: ['PAYING'] }, { reconcileAt: h.clock + 10 * MINUTE });
      return due;
    };
    expect((await h.reconcile()).summary).toEqual({ checked: 1, paid: 0, failed: 0, expired: 0, unchanged: 1, errors: 0 });
    expect(h.newpay.queryCalls(orderNo)).toBe(0);
    expect((await order(orderNo)).status).toBe('PAYING');
  });

  it('says once, at the end of the late-payment window, that it stops asking about an order', async () => {
    h.env.LATE_PAYMENT_WINDOW_HOURS = '24';
    h.restart();
    const orderNo = await h.payingOrder({ key: 'checkout-log-010' });
    for (let passed = 0; passed < 30 * HOUR; passed += 5 * MINUTE) {
      h.clock += 5 * MINUTE;
      await h.reconcile();
    }
    expect((await order(orderNo)).status).toBe('EXPIRED');
    expect(lines('reconcile.done')).toEqual([
      expect.objectContaining({ level: 'info', orderNo, outcome: 'EXPIRED', detail: 'late-payment window over (or NewPay never had the order): no longer asked' }),
    ]);
  });
});
