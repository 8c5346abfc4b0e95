/**
 * The order state machine. Pure: it decides, the order service applies the decision with a
 * conditional update on the status it decided from, and decides again if that status moved.
 *
 *   PENDING ──createOpenMini ok──▶ PAYING ──success──▶ PAID
 *      │                             │ ──failure──▶ FAILED ──late success──▶ PAID (flagged)
 *      └──────────── TTL passed, NewPay does not report paid ──▶ EXPIRED ──late success──▶ PAID (flagged)
 *
 * PAID is final: nothing moves an order out of it. TRANSITIONS is the one table of allowed moves:
 * every decision below is built by `move`, which consults it, so the table and the running code
 * cannot drift apart.
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

/** Orders that can still be paid through the checkout they were created for. */
export function isOpen(status: OrderStatus): status is 'PENDING' | 'PAYING' {
  return status === 'PENDING' || status === 'PAYING';
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

/**
 * The only way a decision to change status is made: a move the table does not allow is ignored, with
 * the reason an operator reads on the notification's record.
 */
function move(from: OrderStatus, to: OrderStatus, flags: readonly OrderFlag[]): Decision {
  if (!canTransition(from, to)) return { kind: 'ignore', reason: `${from} never moves to ${to}` };
  return { kind: 'apply', from, to, flags };
}

/** NewPay accepted the order (createOpenMini answered): the user can pay it now. */
export function decideAccepted(order: OrderFacts): Decision {
  return move(order.status, 'PAYING', []);
}

const MISMATCH_FLAGS: readonly OrderFlag[] = ['AMOUNT_MISMATCH', 'CURRENCY_MISMATCH'];
const LATE_FLAG: Partial<Record<OrderStatus, OrderFlag>> = { EXPIRED: 'LATE_PAYMENT', FAILED: 'PAID_AFTER_FAILURE' };

/**
 * A success with the wrong amount or currency is never paid: it flags the order for a person. When
 * NewPay's signed reports about one order disagree (one names the right amount, another a different
 * one) the order also gets CONFLICTING_REPORTS, whichever came first: money that arrived in full is
 * PAID, and the flags keep the disagreement in front of an operator.
 */
export function decidePayment(order: OrderFacts, report: PaymentReport): Decision {
  const newFlags = (...flags: (OrderFlag | undefined)[]) => flags.filter((f): f is OrderFlag => f !== undefined && !order.flags.includes(f));
  if (report.outcome === 'SUCCESS') {
    if (!report.currencyMatches || !report.amountMatches) {
      const mismatch: OrderFlag = report.currencyMatches ? 'AMOUNT_MISMATCH' : 'CURRENCY_MISMATCH';
      const added = newFlags(mismatch, order.status === 'PAID' ? 'CONFLICTING_REPORTS' : undefined);
      return added.length > 0 ? { kind: 'review', flags: added } : { kind: 'already' };
    }
    if (order.status === 'PAID') return { kind: 'already' };
    const disagreed = order.flags.some((flag) => MISMATCH_FLAGS.includes(flag));
    return move(order.status, 'PAID', newFlags(LATE_FLAG[order.status], disagreed ? 'CONFLICTING_REPORTS' : undefined));
  }
  // A failure report about an order already FAILED repeats what we know; PAID and EXPIRED are past it.
  if (order.status === 'FAILED') return { kind: 'already' };
  return move(order.status, 'FAILED', []);
}

/**
 * An open order past its TTL, that NewPay does not report paid, expires (the table allows EXPIRED
 * only from PENDING and PAYING). A flagged order does not: money with the wrong amount moved for it,
 * and a person decides what happens to it.
 */
export function decideExpiry(order: OrderFacts & { readonly expiresAt: number }, now: number): Decision {
  if (now < order.expiresAt) return { kind: 'ignore', reason: 'not expired' };
  if (order.flags.length > 0) return { kind: 'ignore', reason: `flagged ${order.flags.join(',')}: waits for review` };
  return move(order.status, 'EXPIRED', []);
}
