/**
 * When reconcile asks NewPay about an order next. Pure: the one place that decides who is in the
 * reconcile queue (`reconcileAt` set) and how often they are asked.
 *
 * - An open order (PENDING, PAYING) is first asked `reconcileAfterMs` after it was created.
 * - Every later visit is scheduled further away the older the order is (a quarter of its age, at
 *   least `reconcileAfterMs`, at most 6 hours), so abandoned orders cost NewPay few queries while a
 *   fresh one is asked often. An open order is never scheduled past its expiry, so it expires on time.
 * - NewPay has no documented close API, so an order we expired or saw fail can still be paid there:
 *   EXPIRED and FAILED orders stay in the queue for `latePaymentWindowMs` after they stopped being
 *   payable, and so do flagged open orders (which never expire).
 * - PAID orders, orders past that window, and orders that never reached NewPay leave the queue (null).
 */
import type { OrderFlag, OrderStatus } from '../../typings/contracts';
import { isOpen } from './orderState';

export interface ReconcilePolicy {
  readonly reconcileAfterMs: number;
  readonly latePaymentWindowMs: number;
}

export interface ScheduleFacts {
  readonly status: OrderStatus;
  readonly flags: readonly OrderFlag[];
  readonly createdAt: number;
  readonly expiresAt: number;
  /** How many times we called createOpenMini for it: 0 means NewPay never heard of it. */
  readonly attempts: number;
  readonly expiredAt?: number | null;
  readonly failedAt?: number | null;
}

export interface ReconcilePlan {
  /** Ask NewPay about the order on this visit. */
  readonly ask: boolean;
  /** The next visit, or null to leave the queue. */
  readonly next: number | null;
}

const MAX_GAP_MS = 6 * 3_600_000;
const MIN_GAP_MS = 60_000;

export function firstReconcileAt(createdAt: number, policy: ReconcilePolicy): number {
  return createdAt + policy.reconcileAfterMs;
}

/** The gap before the next visit of an order of this age. */
export function reconcileGap(ageMs: number, policy: ReconcilePolicy): number {
  return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, policy.reconcileAfterMs, Math.floor(ageMs / 4)));
}

/** What a visit at `now` does with the order, and when the one after it is due. */
export function planReconcile(order: ScheduleFacts, now: number, policy: ReconcilePolicy): ReconcilePlan {
  if (order.status === 'PAID') return { ask: false, next: null };
  const reachedNewPay = order.attempts > 0;
  const next = now + reconcileGap(now - order.createdAt, policy);
  // A flagged open order never expires; it counts as payable until its expiry, then waits for a person.
  // Stryker disable next-line EqualityOperator: `<=` gives the same plan; at now === expiresAt the two branches differ only for an order that never reached NewPay (attempts 0), and flags come only from NewPay's reports
  const beforeExpiry = now < order.expiresAt;
  if (isOpen(order.status) && (order.flags.length === 0 || beforeExpiry)) {
    // Still payable: visit at least once more, by the time it expires at the latest.
    return { ask: reachedNewPay, next: now < order.expiresAt ? Math.min(next, order.expiresAt) : next };
  }
  const stoppedAt = isOpen(order.status) ? order.expiresAt : (order.expiredAt ?? order.failedAt ?? order.expiresAt);
  if (!reachedNewPay || now >= stoppedAt + policy.latePaymentWindowMs) return { ask: false, next: null };
  return { ask: true, next };
}
