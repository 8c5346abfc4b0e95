/**
 * Applies what NewPay reports about a payment (a verified notification or NewPay's own query answer)
 * to an order, exactly once: the decision comes from the pure state machine, and is written with a
 * conditional update on the status it was decided from. If another writer got there first, the order
 * is read again and the decision made again.
 */
import type { OrderStatus } from '../../typings/contracts';
import { AmountError, parseAmount } from '../../miniprogram/domain/money';
import { decidePayment } from '../core/orderState';
import { planReconcile } from '../core/reconcileSchedule';
import type { Deps } from './deps';
import { OrderPatch, OrderRecord, StoreError } from './store';

export interface ReportedPayment {
  readonly orderNo: string;
  readonly outcome: 'SUCCESS' | 'FAILURE';
  readonly orderAmt?: string;
  readonly currency?: string;
  readonly newpayOrderNo?: string;
  readonly source: 'notification' | 'query';
}

export type SettleResult =
  | { readonly result: 'APPLIED'; readonly status: OrderStatus; readonly order: OrderRecord }
  | { readonly result: 'FLAGGED'; readonly order: OrderRecord }
  | { readonly result: 'DUPLICATE'; readonly order: OrderRecord }
  | { readonly result: 'IGNORED'; readonly reason: string; readonly order: OrderRecord }
  | { readonly result: 'UNKNOWN_ORDER' };

const MAX_ROUNDS = 5;

export async function settlePayment(deps: Deps, report: ReportedPayment): Promise<SettleResult> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const order = await deps.store.findOrder(report.orderNo);
    if (!order) return { result: 'UNKNOWN_ORDER' };
    const currencyMatches = report.currency === order.currency;
    const decision = decidePayment(order, { outcome: report.outcome, currencyMatches, amountMatches: currencyMatches && reportedAmountMatches(order, report.orderAmt) });
    const now = deps.now();
    switch (decision.kind) {
      case 'already':
        return { result: 'DUPLICATE', order };
      case 'ignore':
        return { result: 'IGNORED', reason: decision.reason, order };
      case 'review': {
        const flags = [...order.flags, ...decision.flags];
        const patch: OrderPatch = { flags, updatedAt: now, reconcileAt: planReconcile({ ...order, flags }, now, deps.settings).next };
        if (await deps.store.updateOrder(order.orderNo, { statusIn: [order.status] }, patch)) {
          deps.log.error({ event: 'payment.mismatch', orderNo: order.orderNo, outcome: decision.flags.join(','), detail: `${report.source} reported ${report.orderAmt} ${report.currency}, order is ${order.amount} ${order.currency} (${order.status}): not marked paid, flagged for review` });
          return { result: 'FLAGGED', order: { ...order, ...patch } };
        }
        continue;
      }
      case 'apply': {
        const moved = {
          status: decision.to,
          flags: [...order.flags, ...decision.flags],
          ...(decision.to === 'PAID' ? { paidAt: now } : { failedAt: now }),
        };
        const patch: OrderPatch = {
          ...moved,
          updatedAt: now,
          leaseUntil: 0,
          reconcileAt: planReconcile({ ...order, ...moved }, now, deps.settings).next,
          ...(!order.newpayOrderNo && report.newpayOrderNo ? { newpayOrderNo: report.newpayOrderNo } : {}),
        };
        if (await deps.store.updateOrder(order.orderNo, { statusIn: [decision.from] }, patch)) {
          const log = decision.flags.length > 0 ? deps.log.warn : deps.log.info;
          log({ event: 'order.transition', orderNo: order.orderNo, outcome: `${decision.from}->${decision.to}`, detail: [report.source, ...decision.flags].join(' ') });
          logForAPerson(deps, order, decision.flags, report);
          return { result: 'APPLIED', status: decision.to, order: { ...order, ...patch } };
        }
        continue; // someone else moved the order: decide again on what is there now
      }
    }
  }
  throw new StoreError(`order ${report.orderNo} kept changing while settling it`);
}

/** Money that arrived after we stopped expecting it, or reports that disagree, need a person. */
function logForAPerson(deps: Deps, order: OrderRecord, added: readonly string[], report: ReportedPayment): void {
  if (added.includes('LATE_PAYMENT') || added.includes('PAID_AFTER_FAILURE')) {
    deps.log.error({ event: 'payment.late', orderNo: order.orderNo, outcome: added.join(','), detail: `${report.source}: paid after the order was ${order.status}; check delivery, or refund the user` });
  }
  if (added.includes('CONFLICTING_REPORTS')) {
    deps.log.error({ event: 'payment.conflict', orderNo: order.orderNo, outcome: order.flags.join(','), detail: `${report.source} reported ${report.orderAmt} ${report.currency} and PAID; an earlier report named another amount: review the payment events` });
  }
}

/** NewPay writes LAK as "123.00": amounts are compared as minor units, never as text. */
export function reportedAmountMatches(order: OrderRecord, reported: string | undefined): boolean {
  try {
    // parseAmount refuses a missing amount (undefined) like any other unreadable one: no match.
    return parseAmount(reported, order.currency, { acceptTrailingZeros: true }).minor === parseAmount(order.amount, order.currency).minor;
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: parseAmount throws only AmountError; the rethrow keeps a future bug from reading as "another amount"
    if (error instanceof AmountError) return false;
    throw error;
  }
}
