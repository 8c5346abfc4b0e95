/**
 * Reconcile as an unlucky operator meets it: payments made after our order expired, more problem
 * orders than one batch, flagged orders, orders still being created, and reports that disagree.
 */
import { RECONCILE_BATCH } from '../../server/orders/reconcile';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function checkout(key: string): Promise<string> {
  const result = await h.call('createPayment', { items: [{ sku: 'tea', qty: 2 }], idempotencyKey: key });
  if (!result.ok) throw new Error(result.error.message);
  return result.order.orderNo;
}

const order = async (orderNo: string) => (await h.store.findOrder(orderNo))!;

/** Runs the timer every 5 minutes for `span`, as CloudBase would. */
async function runTimerFor(span: number): Promise<void> {
  for (let passed = 0; passed < span; passed += 5 * MINUTE) {
    h.clock += 5 * MINUTE;
    await h.reconcile();
  }
}

describe('late payments', () => {
  it('catches a payment made after the order expired when every callback was lost', async () => {
    const orderNo = await checkout('checkout-late-001');
    h.clock += 31 * MINUTE;
    await h.reconcile();
    expect((await order(orderNo)).status).toBe('EXPIRED');

    h.newpay.orders.get(orderNo)!.transStatus = 1; // the user paid at NewPay; its callbacks never reached us
    await runTimerFor(2 * HOUR);

    expect(await order(orderNo)).toMatchObject({ status: 'PAID', flags: ['LATE_PAYMENT'] });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'payment.late', orderNo }));
  });

  it('catches a success reported by the query after a failure callback', async () => {
    const orderNo = await checkout('checkout-late-002');
    await h.notify({ body: h.newpay.notification(orderNo, { transStatus: 1 }) });
    expect((await order(orderNo)).status).toBe('FAILED');
    h.newpay.orders.get(orderNo)!.transStatus = 1;
    await runTimerFor(HOUR);
    expect(await order(orderNo)).toMatchObject({ status: 'PAID', flags: ['PAID_AFTER_FAILURE'] });
  });

  it('asks about an old expired order less often than about a fresh one, and stops after the window', async () => {
    h.env.LATE_PAYMENT_WINDOW_HOURS = '24';
    h.restart();
    const orderNo = await checkout('checkout-late-003');
    await runTimerFor(HOUR); // expires at 30 minutes
    expect((await order(orderNo)).status).toBe('EXPIRED');

    const before = h.newpay.queryCalls(orderNo);
    await runTimerFor(HOUR);
    const inSecondHour = h.newpay.queryCalls(orderNo) - before;
    const later = h.newpay.queryCalls(orderNo);
    await runTimerFor(10 * HOUR);
    const perHourLater = (h.newpay.queryCalls(orderNo) - later) / 10;
    expect(inSecondHour).toBeGreaterThanOrEqual(2);
    expect(perHourLater).toBeLessThan(inSecondHour);

    await runTimerFor(14 * HOUR); // past the 24-hour window after expiry
    const atEnd = h.newpay.queryCalls(orderNo);
    await runTimerFor(6 * HOUR);
    expect(h.newpay.queryCalls(orderNo)).toBe(atEnd);
    expect((await order(orderNo)).reconcileAt ?? null).toBeNull();
  });
});

describe('a reconcile queue that always advances', () => {
  it(`reaches a healthy order behind more than ${RECONCILE_BATCH} problem orders on the next run`, async () => {
    const problems: string[] = [];
    for (let i = 0; i < RECONCILE_BATCH + 10; i++) {
      const orderNo = await checkout(`checkout-problem-${String(i).padStart(3, '0')}`);
      // A callback with another amount flagged it, and NewPay's query says the same: every query is a no-op.
      await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
      Object.assign(h.newpay.orders.get(orderNo)!, { transStatus: 1, orderAmt: '1' });
      problems.push(orderNo);
    }
    h.clock += MINUTE;
    const healthy = await checkout('checkout-healthy-001');
    h.newpay.orders.get(healthy)!.transStatus = 1;

    h.clock += 11 * MINUTE;
    const first = await h.reconcile();
    expect(first.summary.checked).toBe(RECONCILE_BATCH);
    expect((await order(problems[0]!)).flags).toEqual(['AMOUNT_MISMATCH']);
    // Run the timer again and again: the flagged orders must not fill every batch.
    h.clock += 5 * MINUTE;
    await h.reconcile();
    expect((await order(healthy)).status).toBe('PAID');
  });

  it('moves an order that failed with an error behind the others', async () => {
    const failing = await checkout('checkout-error-001');
    h.clock += MINUTE;
    const healthy = await checkout('checkout-error-002');
    h.newpay.orders.get(failing)!.transStatus = 7 as never; // an answer we cannot read: an error every time
    h.newpay.orders.get(healthy)!.transStatus = 1;
    h.clock += 11 * MINUTE;
    const store = h.store as unknown as { findOrdersToReconcile: (o: { limit: number }) => Promise<unknown> };
    const find = store.findOrdersToReconcile.bind(h.store);
    store.findOrdersToReconcile = (options) => find({ ...options, limit: 1 }); // a batch of one
    await h.reconcile();
    h.clock += 5 * MINUTE;
    await h.reconcile();
    expect((await order(healthy)).status).toBe('PAID');
  });
});

describe('flags tell an operator the truth', () => {
  it('rule 9: a flagged order is never expired, it waits for a person', async () => {
    const orderNo = await checkout('checkout-flag-001');
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    expect((await order(orderNo)).flags).toEqual(['AMOUNT_MISMATCH']);
    await runTimerFor(2 * HOUR);
    expect((await order(orderNo)).status).toBe('PAYING');
  });

  it('rule 9: an order whose creation lease is still held is not expired under it', async () => {
    const orderNo = await checkout('checkout-flag-002');
    h.clock += 31 * MINUTE;
    await h.store.updateOrder(orderNo, { statusIn: ['PAYING'] }, { leaseUntil: h.clock + 10 * MINUTE });
    const run = await h.reconcile();
    expect((await order(orderNo)).status).toBe('PAYING');
    // ...and the run's summary, which the operator reads in its log line, does not count it as expired.
    expect(run.summary).toMatchObject({ checked: 1, expired: 0, unchanged: 1 });
  });

  it("marks paid, and keeps the disagreement visible, when NewPay's query confirms an order a callback flagged", async () => {
    const orderNo = await checkout('checkout-flag-003');
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    h.newpay.orders.get(orderNo)!.transStatus = 1; // NewPay's own query: paid, the right amount
    await runTimerFor(15 * MINUTE);
    expect(await order(orderNo)).toMatchObject({ status: 'PAID', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'] });
    expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'payment.conflict', orderNo }));
  });

  it('flags a paid order when a later report names another amount, without unpaying it', async () => {
    const orderNo = await checkout('checkout-flag-004');
    await h.notify({ body: h.newpay.notification(orderNo) });
    await h.notify({ body: h.newpay.notification(orderNo, { orderAmt: '1.00' }) });
    expect(await order(orderNo)).toMatchObject({ status: 'PAID', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'] });
  });
});
