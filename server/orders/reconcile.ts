/**
 * The timer that catches what notifications miss (NewPay stops after 3 retries): asks NewPay about
 * orders that are due (server/core/reconcileSchedule.ts decides who and when), applies its answer
 * through the same settlement as notifications, and expires open orders past their TTL that NewPay
 * does not report paid. Expired and failed orders are still asked about for the late-payment window,
 * because NewPay cannot close an order and may take the user's money after we gave up on it.
 *
 * The queue always advances: each run takes the RECONCILE_BATCH orders longest overdue (by
 * `reconcileAt`), and claims each one by moving its `reconcileAt` to its next visit BEFORE asking
 * NewPay, so an order whose query fails, answers nothing new or crashes the run still goes behind
 * the others, and two overlapping runs never ask about the same order twice.
 */
import { decideExpiry, isOpen } from '../core/orderState';
import { planReconcile } from '../core/reconcileSchedule';
import { NewPayBusinessError, NewPayError } from '../newpay/errors';
import type { Deps } from './deps';
import { settlePayment } from './settlement';
import { OrderRecord } from './store';

export const RECONCILE_BATCH = 50;

export interface ReconcileSummary {
  checked: number;
  paid: number;
  failed: number;
  expired: number;
  unchanged: number;
  errors: number;
}

type Outcome = 'paid' | 'failed' | 'expired' | 'unchanged';

export async function reconcile(deps: Deps): Promise<ReconcileSummary> {
  const now = deps.now();
  const summary: ReconcileSummary = { checked: 0, paid: 0, failed: 0, expired: 0, unchanged: 0, errors: 0 };
  const due = await deps.store.findOrdersToReconcile({ dueBy: now, limit: RECONCILE_BATCH });
  for (const order of due) {
    summary.checked++;
    try {
      summary[await visit(deps, order, now)]++;
    } catch (error) {
      summary.errors++;
      deps.log.warn({ event: 'reconcile.order', orderNo: order.orderNo, outcome: 'ERROR', newpayCode: error instanceof NewPayError ? error.code : undefined, detail: (error as Error).message });
    }
  }
  deps.log.info({ event: 'reconcile', count: summary.checked, outcome: JSON.stringify(summary), ms: deps.now() - now });
  return summary;
}

async function visit(deps: Deps, order: OrderRecord, now: number): Promise<Outcome> {
  const plan = planReconcile(order, now, deps.settings);
  // The claim: compare-and-set on the visit we were due for. Lost means another run or a settlement
  // moved the order since we read it; it is in its right place in the queue already.
  const claimed = order.reconcileAt != null && (await deps.store.updateOrder(order.orderNo, { statusIn: [order.status], reconcileAt: order.reconcileAt }, { reconcileAt: plan.next }));
  if (!claimed) return 'unchanged';
  if (plan.next === null && !isOpen(order.status)) {
    deps.log.info({ event: 'reconcile.done', orderNo: order.orderNo, outcome: order.status, detail: 'late-payment window over (or NewPay never had the order): no longer asked' });
  }

  if (plan.ask && deps.newpay) {
    const answered = await askNewPay(deps, order);
    if (answered) return answered;
  }
  return (await expire(deps, order, now)) ? 'expired' : 'unchanged';
}

/** NewPay's word on the order, applied; undefined when it changed nothing. */
async function askNewPay(deps: Deps, order: OrderRecord): Promise<Outcome | undefined> {
  try {
    const found = await deps.newpay!.client.queryOrder({ orderNo: order.orderNo });
    if (found.status === 'PROCESSING') return undefined;
    const settled = await settlePayment(deps, { orderNo: order.orderNo, outcome: found.status, orderAmt: found.orderAmt, currency: found.currency, newpayOrderNo: found.newpayOrderNo, source: 'query' });
    if (settled.result === 'APPLIED') return settled.status === 'PAID' ? 'paid' : 'failed';
    // Flagged, a duplicate, or an ignored failure: NewPay has spoken and the order must not expire under
    // it (`order` was read before this answer flagged it, so expire() would not see the flag).
    return 'unchanged';
  } catch (error) {
    if (error instanceof NewPayBusinessError && error.reason === 'ORDER_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Expires an open order past its TTL, unless flagged or still held by a createPayment under way. */
async function expire(deps: Deps, order: OrderRecord, now: number): Promise<boolean> {
  const expiry = decideExpiry(order, now);
  if (expiry.kind !== 'apply') return false;
  const expired = { status: 'EXPIRED' as const, expiredAt: now };
  const patch = { ...expired, updatedAt: now, leaseUntil: 0, reconcileAt: planReconcile({ ...order, ...expired }, now, deps.settings).next };
  if (!(await deps.store.updateOrder(order.orderNo, { statusIn: [expiry.from], leaseExpiredAt: now }, patch))) return false;
  deps.log.info({ event: 'order.transition', orderNo: order.orderNo, outcome: `${expiry.from}->EXPIRED` });
  return true;
}
