/**
 * The timer that catches what notifications miss (NewPay stops after 3 retries): asks NewPay about
 * orders that have waited too long, applies its answer through the same settlement as notifications,
 * and expires orders past their TTL that NewPay does not report paid.
 */
import { decideExpiry } from '../core/orderState';
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

export async function reconcile(deps: Deps): Promise<ReconcileSummary> {
  const now = deps.now();
  const summary: ReconcileSummary = { checked: 0, paid: 0, failed: 0, expired: 0, unchanged: 0, errors: 0 };
  const stale = await deps.store.findOrdersToReconcile({ statusIn: ['PENDING', 'PAYING'], updatedBefore: now - deps.settings.reconcileAfterMs, limit: RECONCILE_BATCH });
  for (const order of stale) {
    summary.checked++;
    try {
      const outcome = await reconcileOrder(deps, order, now);
      summary[outcome]++;
    } catch (error) {
      summary.errors++;
      deps.log.warn({ event: 'reconcile.order', orderNo: order.orderNo, outcome: 'ERROR', newpayCode: error instanceof NewPayError ? error.code : undefined, detail: (error as Error).message });
    }
  }
  deps.log.info({ event: 'reconcile', count: summary.checked, outcome: JSON.stringify(summary), ms: deps.now() - now });
  return summary;
}

async function reconcileOrder(deps: Deps, order: OrderRecord, now: number): Promise<'paid' | 'failed' | 'expired' | 'unchanged'> {
  // A PENDING order that never reached NewPay has nothing to ask about.
  if (order.attempts > 0 && deps.newpay) {
    try {
      const found = await deps.newpay.client.queryOrder({ orderNo: order.orderNo });
      if (found.status !== 'PROCESSING') {
        const settled = await settlePayment(deps, { orderNo: order.orderNo, outcome: found.status, orderAmt: found.orderAmt, currency: found.currency, newpayOrderNo: found.newpayOrderNo, source: 'query' });
        if (settled.result === 'APPLIED') return settled.status === 'PAID' ? 'paid' : 'failed';
        if (settled.result !== 'IGNORED') return 'unchanged';
      }
    } catch (error) {
      if (!(error instanceof NewPayBusinessError && error.reason === 'ORDER_NOT_FOUND')) throw error;
    }
  }
  const expiry = decideExpiry(order, now);
  if (expiry.kind === 'apply' && (await deps.store.updateOrder(order.orderNo, { statusIn: [expiry.from], leaseExpiredAt: now }, { status: 'EXPIRED', expiredAt: now, updatedAt: now, leaseUntil: 0 }))) {
    deps.log.info({ event: 'order.transition', orderNo: order.orderNo, outcome: `${expiry.from}->EXPIRED` });
    return 'expired';
  }
  // Checked and still open: move it to the back of the queue.
  await deps.store.updateOrder(order.orderNo, { statusIn: [order.status], leaseExpiredAt: now }, { updatedAt: now });
  return 'unchanged';
}
