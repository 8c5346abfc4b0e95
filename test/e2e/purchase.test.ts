/**
 * The whole purchase over real HTTP on loopback: the function host running the deployed function
 * code, the NewPay sandbox, and the embedded store on disk.
 */
import { randomBytes } from 'node:crypto';
import { runDemo } from '../../server/local/demo';
import { CART, driveStack, StackDriver } from '../support/stack';

let d: StackDriver;
beforeEach(async () => {
  d = await driveStack();
});
afterEach(() => d.stop());

const key = () => `e2e-${randomBytes(6).toString('hex')}`;

async function checkout() {
  const result = await d.call('createPayment', { items: CART, idempotencyKey: key() });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}

const verdicts = async () => (await d.stack.store.listEvents()).map((e) => e.verdict).sort();
const transitionsToPaid = (orderNo: string) => d.logs.filter((l) => l.event === 'order.transition' && l.orderNo === orderNo && String(l.outcome).endsWith('->PAID')).length;

it('completes a purchase: catalog, two products, cashier, notification, PAID with the right amount', async () => {
  const lines: string[] = [];
  const result = await runDemo({ baseUrl: d.stack.url, decline: false, print: (l) => lines.push(l) });
  expect(result).toMatchObject({ ok: true, status: 'PAID' });
  const order = await d.call('getOrder', { orderNo: result.orderNo! }, 'o-demo-user');
  expect(order).toMatchObject({ ok: true, order: { status: 'PAID', amount: { value: '220000', currency: 'LAK' } } });
  expect(lines.map((l) => l.replace(/^\[\s*\d+ ms\] /, '').split(':')[0])).toEqual(['catalog', 'createPayment', 'launch', 'cashier', 'cashier', 'getOrder']);
});

it('ends in FAILED when the user declines in the cashier', async () => {
  const result = await runDemo({ baseUrl: d.stack.url, decline: true, print: () => undefined });
  expect(result).toMatchObject({ ok: true, status: 'FAILED' });
});

it('recovers a payment whose callbacks were all dropped, through reconcile and the order query', async () => {
  const { order, launch } = await checkout();
  await d.faults({ orderNo: order.orderNo, dropCallbacks: 4 });
  await d.pay(launch, 'success');
  expect(await d.waitForStatus(order.orderNo, ['PAID'], 300)).toBe('PAYING');
  const reconciled = await d.reconcile();
  expect(reconciled).toMatchObject({ ok: true, summary: { paid: 1 } });
  expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
  expect(await d.stack.store.listEvents()).toEqual([]); // no notification ever arrived
});

it('applies duplicated, concurrent callbacks once', async () => {
  const { order, launch } = await checkout();
  await d.faults({ orderNo: order.orderNo, duplicateCallbacks: 6 });
  await d.pay(launch, 'success');
  expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
  await new Promise((r) => setTimeout(r, 100));
  expect(await verdicts()).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'PAID']);
  expect(transitionsToPaid(order.orderNo)).toBe(1);
});

it('survives a createOpenMini 5xx: the retry with the same key makes one NewPay order', async () => {
  await d.faults({ createOpenMini: '5xx' });
  const idempotencyKey = key();
  const failed = await d.call('createPayment', { items: CART, idempotencyKey });
  expect(failed).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', retryable: true } });
  const retried = await d.call('createPayment', { items: CART, idempotencyKey });
  expect(retried).toMatchObject({ ok: true, order: { status: 'PAYING' } });
  expect(await d.stack.sandbox.countOrders()).toBe(1);
});

it('survives a createOpenMini that never answers: one NewPay order, and a late payment still lands', async () => {
  await d.faults({ createOpenMini: 'timeout' });
  const idempotencyKey = key();
  const failed = await d.call('createPayment', { items: CART, idempotencyKey });
  expect(failed).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', retryable: true } });
  const retried = await d.call('createPayment', { items: CART, idempotencyKey });
  expect(retried).toMatchObject({ ok: false, error: { code: 'PAYMENT_PROVIDER_REFUSED', retryable: false } });
  expect(await d.stack.sandbox.countOrders()).toBe(1);

  // The NewPay order exists; if the user somehow pays it, the money is not ignored.
  const listed = await d.call('listOrders', {});
  const orderNo = listed.ok ? listed.orders[0]!.orderNo : '';
  const sandboxOrder = await d.stack.sandbox.findByOrderNo(orderNo);
  await d.pay({ kind: 'navigate', appId: 'x', path: `p?newpayOrderNo=${sandboxOrder!.newpayOrderNo}`, envVersion: 'release' }, 'success');
  expect(await d.waitForStatus(orderNo, ['PAID'])).toBe('PAID');
});

it('loses nothing when the stack restarts between createPayment and the notification', async () => {
  const { order, launch } = await checkout();
  await d.restart();
  await d.pay(launch, 'success');
  expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
});

it('delivers a callback that was still pending when the stack went down', async () => {
  const { order, launch } = await checkout();
  await d.faults({ orderNo: order.orderNo, callbackDelayMs: 10_000 });
  await d.pay(launch, 'success');
  await d.restart(); // the delayed delivery dies with the old process; the sandbox resumes it
  expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
});

it('does not mark paid a callback whose amount differs from the order', async () => {
  const { order, launch } = await checkout();
  await d.faults({ orderNo: order.orderNo, callbackAmount: '1.00' });
  await d.pay(launch, 'success');
  const deadline = Date.now() + 3000;
  while (!(await verdicts()).includes('FLAGGED') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const current = await d.call('getOrder', { orderNo: order.orderNo });
  expect(current).toMatchObject({ ok: true, order: { status: 'PAYING', flags: ['AMOUNT_MISMATCH'] } });
  expect(d.logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'payment.mismatch', orderNo: order.orderNo }));
});
