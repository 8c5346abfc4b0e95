/**
 * reconcile answers only its timer trigger: a mini program user (a context with an OPENID) or any
 * event that is not CloudBase's timer event is refused before NewPay is asked anything.
 */
import { StoreError } from '../../server/orders/store';
import { Harness, resetHarness, startHarness, stopHarness, USER } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

const TIMER_EVENT = { Type: 'Timer', TriggerName: 'every5minutes', Time: '2026-11-21T10:15:00Z' };
const queries = () => h.newpay.server.requests.filter((r) => r.path.endsWith('/queryOrder')).length;

/** An order open long enough for reconcile to ask NewPay about it. */
async function staleOrder(): Promise<string> {
  const result = await h.call('createPayment', { items: [{ sku: 'tea', qty: 1 }], idempotencyKey: `checkout-t${h.clock}` });
  if (!result.ok) throw new Error(result.error.message);
  h.newpay.orders.get(result.order.orderNo)!.transStatus = 1; // paid, but the notification never came
  h.clock += 11 * 60_000;
  return result.order.orderNo;
}

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('timer'), retryable: false } };

it('refuses a mini program user, even one who sends the timer event, and asks NewPay nothing', async () => {
  const orderNo = await staleOrder();
  expect(await h.reconcile(TIMER_EVENT, { OPENID: USER, APPID: 'wxOURSHOP' })).toEqual(FORBIDDEN);
  expect(queries()).toBe(0);
  expect((await h.store.findOrder(orderNo))!.status).toBe('PAYING');
  expect(h.logs).toContainEqual(expect.objectContaining({ level: 'warn', fn: 'reconcile', event: 'call', outcome: 'FORBIDDEN' }));
});

it.each([
  ['an empty event', {}],
  ['an event of another type', { Type: 'Http', TriggerName: 'every5minutes' }],
  ['no event at all', undefined],
])('refuses %s without a user too (another function or a console test call)', async (_what, event) => {
  await staleOrder();
  expect(await h.reconcile(event ?? null, {})).toEqual(FORBIDDEN);
  expect(queries()).toBe(0);
});

it('runs for the timer trigger: settles the stale order through the order query', async () => {
  const orderNo = await staleOrder();
  expect(await h.reconcile(TIMER_EVENT, {})).toMatchObject({ ok: true, summary: { checked: 1, paid: 1 } });
  expect(queries()).toBe(1);
  expect((await h.store.findOrder(orderNo))!.status).toBe('PAID');
});

it('answers a typed, retryable error and logs it when the database fails, instead of crashing the run', async () => {
  await staleOrder();
  h.store.findOrdersToReconcile = async () => {
    throw new StoreError('orders.get failed: database operation timeout');
  };
  expect(await h.reconcile(TIMER_EVENT, {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String), retryable: true } });
  expect(h.logs).toContainEqual(expect.objectContaining({ level: 'error', fn: 'reconcile', event: 'call', outcome: 'INTERNAL' }));
});
