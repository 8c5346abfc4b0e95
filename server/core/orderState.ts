/**
 * The order state machine. Pure: it decides, the order service applies the decision with a
 * conditional update on the status it decided from, and decides again if that status moved.
 *
 *   PENDING ──createOpenMini ok──▶ PAYING ──success──▶ PAID
 *      │                             │ ──failure──▶ FAILED ──late success──▶ PAID (flagged)
 *      └──────────── TTL passed, NewPay does not report paid ──▶ EXPIRED ──late success──▶ PAID (flagged)
 *
 * PAID is final: nothing moves an order out of it.
 */
import type { OrderFlag, OrderStatus } from '../../typings/contracts';

const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['PAYING', 'PAID', 'FAILED', 'EXPIRED'],
  PAYING: ['PAID', 'FAILED', 'EXPIRED'],
  FAILED: ['PAID'],
  EXPIRED: ['PAID'],
  PAID: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** What NewPay said about a payment, by notification or by query, after its signature was verified. */
export interface PaymentReport {
  readonly outcome: 'SUCCESS' | 'FAILURE';
  /** Does the reported amount equal the order's, compared as minor units? */
  readonly amountMatches: boolean;
  readonly currencyMatches: boolean;
}

export interface OrderFacts {
  readonly status: OrderStatus;
  readonly flags: readonly OrderFlag[];
}

export type Decision =
  | { readonly kind: 'apply'; readonly from: OrderStatus; readonly to: OrderStatus; readonly flags: readonly OrderFlag[] }
  | { readonly kind: 'review'; readonly flags: readonly OrderFlag[] }
  | { readonly kind: 'already' }
  | { readonly kind: 'ignore'; readonly reason: string };

export function decidePayment(order: OrderFacts, report: PaymentReport): Decision {
  if (report.outcome === 'SUCCESS') {
    const mismatch: OrderFlag[] = [];
    if (!report.currencyMatches) mismatch.push('CURRENCY_MISMATCH');
    else if (!report.amountMatches) mismatch.push('AMOUNT_MISMATCH');
    if (mismatch.length > 0) {
      // Money moved but not the money we asked for: never mark paid, put it in front of a person.
      const added = mismatch.filter((flag) => !order.flags.includes(flag));
      return added.length > 0 ? { kind: 'review', flags: added } : { kind: 'already' };
    }
    switch (order.status) {
      case 'PAID':
        return { kind: 'already' };
      case 'PENDING':
      case 'PAYING':
        return { kind: 'apply', from: order.status, to: 'PAID', flags: [] };
      case 'EXPIRED':
        return { kind: 'apply', from: order.status, to: 'PAID', flags: ['LATE_PAYMENT'] };
      case 'FAILED':
        return { kind: 'apply', from: order.status, to: 'PAID', flags: ['PAID_AFTER_FAILURE'] };
    }
  }
  switch (order.status) {
    case 'PENDING':
    case 'PAYING':
      return { kind: 'apply', from: order.status, to: 'FAILED', flags: [] };
    case 'FAILED':
      return { kind: 'already' };
    case 'PAID':
      return { kind: 'ignore', reason: 'a failure report never downgrades a PAID order' };
    case 'EXPIRED':
      return { kind: 'ignore', reason: 'the order had already expired unpaid' };
  }
}

/** An unpaid order past its TTL, that NewPay does not report paid, expires. */
export function decideExpiry(order: OrderFacts & { readonly expiresAt: number }, now: number): Decision {
  if ((order.status === 'PENDING' || order.status === 'PAYING') && now >= order.expiresAt) {
    return { kind: 'apply', from: order.status, to: 'EXPIRED', flags: [] };
  }
  return { kind: 'ignore', reason: 'not expired' };
}
