import { firstReconcileAt, planReconcile, reconcileGap, ScheduleFacts } from '../../server/core/reconcileSchedule';

const MIN = 60_000;
const HOUR = 60 * MIN;
const policy = { reconcileAfterMs: 10 * MIN, latePaymentWindowMs: 72 * HOUR };
const order = (overrides: Partial<ScheduleFacts> = {}): ScheduleFacts => ({ status: 'PAYING', flags: [], createdAt: 0, expiresAt: 30 * MIN, attempts: 1, ...overrides });

describe('reconcile schedule', () => {
  it('first visits a new order reconcileAfter after it was created', () => {
    expect(firstReconcileAt(1_000, policy)).toBe(1_000 + 10 * MIN);
  });

  it('asks about old orders less often, never more often than reconcileAfter, never less than every 6 hours', () => {
    expect(reconcileGap(0, policy)).toBe(10 * MIN);
    expect(reconcileGap(2 * HOUR, policy)).toBe(30 * MIN);
    expect(reconcileGap(48 * HOUR, policy)).toBe(6 * HOUR);
    expect(reconcileGap(0, { ...policy, reconcileAfterMs: 0 })).toBe(MIN);
  });

  it('never schedules an open order past its expiry, so it expires on time', () => {
    expect(planReconcile(order(), 25 * MIN, policy)).toEqual({ ask: true, next: 30 * MIN });
    expect(planReconcile(order({ createdAt: 0, expiresAt: 2 * HOUR }), 20 * MIN, policy)).toEqual({ ask: true, next: 30 * MIN });
  });

  it('visits an open order that outlived its expiry (its expiry write lost) again after a gap, never at a time already gone', () => {
    expect(planReconcile(order(), 30 * MIN, policy)).toEqual({ ask: true, next: 40 * MIN });
    expect(planReconcile(order(), 40 * MIN, policy)).toEqual({ ask: true, next: 50 * MIN });
    // Never reached NewPay (its creation lease was held): nothing to ask, but it must come back to expire.
    expect(planReconcile(order({ status: 'PENDING', attempts: 0 }), 40 * MIN, policy)).toEqual({ ask: false, next: 50 * MIN });
  });

  it('visits a flagged open order by its expiry too, like any open order', () => {
    expect(planReconcile(order({ flags: ['AMOUNT_MISMATCH'] }), 25 * MIN, policy)).toEqual({ ask: true, next: 30 * MIN });
  });

  it('keeps asking about expired and failed orders for the late-payment window after they stopped, then stops', () => {
    const expired = order({ status: 'EXPIRED', expiredAt: HOUR });
    expect(planReconcile(expired, HOUR + 71 * HOUR, policy)).toEqual({ ask: true, next: HOUR + 71 * HOUR + 6 * HOUR });
    expect(planReconcile(expired, HOUR + 72 * HOUR, policy)).toEqual({ ask: false, next: null });
    const failed = order({ status: 'FAILED', failedAt: 10 * MIN });
    expect(planReconcile(failed, 10 * MIN + 72 * HOUR - 1, policy).ask).toBe(true);
    expect(planReconcile(failed, 10 * MIN + 72 * HOUR, policy).next).toBeNull();
  });

  it('keeps a flagged open order in the queue for the window after its expiry, then leaves it to a person', () => {
    const flagged = order({ flags: ['AMOUNT_MISMATCH'] });
    expect(planReconcile(flagged, 40 * MIN, policy).ask).toBe(true);
    expect(planReconcile(flagged, 30 * MIN + 72 * HOUR, policy)).toEqual({ ask: false, next: null });
  });

  it('takes paid orders and orders NewPay never heard of out of the queue, but still visits the latter to expire them', () => {
    expect(planReconcile(order({ status: 'PAID' }), MIN, policy)).toEqual({ ask: false, next: null });
    expect(planReconcile(order({ status: 'PENDING', attempts: 0 }), 20 * MIN, policy)).toEqual({ ask: false, next: 30 * MIN });
    expect(planReconcile(order({ status: 'EXPIRED', attempts: 0, expiredAt: 30 * MIN }), 35 * MIN, policy)).toEqual({ ask: false, next: null });
  });
});
