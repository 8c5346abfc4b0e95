import type { OrderStatus } from '../../typings/contracts';
import { canTransition, decideAccepted, decideExpiry, decidePayment } from '../../server/core/orderState';

const ALL: OrderStatus[] = ['PENDING', 'PAYING', 'PAID', 'FAILED', 'EXPIRED'];
const ok = { amountMatches: true, currencyMatches: true };

describe('decidePayment', () => {
  it.each([
    ['PENDING', { kind: 'apply', from: 'PENDING', to: 'PAID', flags: [] }],
    ['PAYING', { kind: 'apply', from: 'PAYING', to: 'PAID', flags: [] }],
    ['EXPIRED', { kind: 'apply', from: 'EXPIRED', to: 'PAID', flags: ['LATE_PAYMENT'] }],
    ['FAILED', { kind: 'apply', from: 'FAILED', to: 'PAID', flags: ['PAID_AFTER_FAILURE'] }],
    ['PAID', { kind: 'already' }],
  ] as const)('a success for a %s order', (status, decision) => {
    expect(decidePayment({ status, flags: [] }, { outcome: 'SUCCESS', ...ok })).toEqual(decision);
  });

  it.each([
    ['PENDING', { kind: 'apply', from: 'PENDING', to: 'FAILED', flags: [] }],
    ['PAYING', { kind: 'apply', from: 'PAYING', to: 'FAILED', flags: [] }],
    ['FAILED', { kind: 'already' }],
    ['PAID', { kind: 'ignore', reason: 'PAID never moves to FAILED' }],
    ['EXPIRED', { kind: 'ignore', reason: 'EXPIRED never moves to FAILED' }],
  ] as const)('a failure for a %s order', (status, decision) => {
    expect(decidePayment({ status, flags: [] }, { outcome: 'FAILURE', ...ok })).toEqual(decision);
  });

  it('never marks paid when the amount or currency differs, and flags it once', () => {
    expect(decidePayment({ status: 'PAYING', flags: [] }, { outcome: 'SUCCESS', amountMatches: false, currencyMatches: true })).toEqual({ kind: 'review', flags: ['AMOUNT_MISMATCH'] });
    expect(decidePayment({ status: 'PAYING', flags: [] }, { outcome: 'SUCCESS', amountMatches: false, currencyMatches: false })).toEqual({ kind: 'review', flags: ['CURRENCY_MISMATCH'] });
    expect(decidePayment({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] }, { outcome: 'SUCCESS', amountMatches: false, currencyMatches: true })).toEqual({ kind: 'already' });
  });

  it('pays an order an earlier report flagged, once a report names the right amount, and marks the conflict', () => {
    expect(decidePayment({ status: 'PAYING', flags: ['AMOUNT_MISMATCH'] }, { outcome: 'SUCCESS', ...ok })).toEqual({ kind: 'apply', from: 'PAYING', to: 'PAID', flags: ['CONFLICTING_REPORTS'] });
    expect(decidePayment({ status: 'EXPIRED', flags: ['CURRENCY_MISMATCH'] }, { outcome: 'SUCCESS', ...ok })).toEqual({ kind: 'apply', from: 'EXPIRED', to: 'PAID', flags: ['LATE_PAYMENT', 'CONFLICTING_REPORTS'] });
  });

  it('flags a paid order that a later report gives another amount, without unpaying it, and only once', () => {
    const wrong = { outcome: 'SUCCESS', amountMatches: false, currencyMatches: true } as const;
    expect(decidePayment({ status: 'PAID', flags: [] }, wrong)).toEqual({ kind: 'review', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'] });
    expect(decidePayment({ status: 'PAID', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'] }, wrong)).toEqual({ kind: 'already' });
    expect(decidePayment({ status: 'PAID', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'] }, { outcome: 'SUCCESS', ...ok })).toEqual({ kind: 'already' });
  });

  it('never decides a move the transition table forbids', () => {
    for (const status of ALL) {
      for (const outcome of ['SUCCESS', 'FAILURE'] as const) {
        const decision = decidePayment({ status, flags: [] }, { outcome, ...ok });
        if (decision.kind === 'apply') expect(canTransition(decision.from, decision.to)).toBe(true);
      }
    }
  });

  it('keeps PAID final', () => {
    for (const to of ALL) expect(canTransition('PAID', to)).toBe(false);
  });

  it('allows exactly the moves of the diagram', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual(['PENDING->PAYING', 'PENDING->PAID', 'PENDING->FAILED', 'PENDING->EXPIRED', 'PAYING->PAID', 'PAYING->FAILED', 'PAYING->EXPIRED', 'FAILED->PAID', 'EXPIRED->PAID']);
  });
});

describe('decideAccepted', () => {
  it('moves a PENDING order to PAYING once NewPay accepted it, and nothing else', () => {
    expect(decideAccepted({ status: 'PENDING', flags: [] })).toEqual({ kind: 'apply', from: 'PENDING', to: 'PAYING', flags: [] });
    expect(decideAccepted({ status: 'PAID', flags: [] })).toEqual({ kind: 'ignore', reason: 'PAID never moves to PAYING' });
    for (const status of ['PAYING', 'FAILED', 'EXPIRED'] as const) expect(decideAccepted({ status, flags: [] }).kind).toBe('ignore');
  });
});

describe('decideExpiry', () => {
  it('expires unpaid orders at their TTL, not before', () => {
    expect(decideExpiry({ status: 'PAYING', flags: [], expiresAt: 100 }, 99)).toEqual({ kind: 'ignore', reason: 'not expired' });
    expect(decideExpiry({ status: 'PAYING', flags: [], expiresAt: 100 }, 100)).toEqual({ kind: 'apply', from: 'PAYING', to: 'EXPIRED', flags: [] });
    expect(decideExpiry({ status: 'PENDING', flags: [], expiresAt: 100 }, 200)).toEqual({ kind: 'apply', from: 'PENDING', to: 'EXPIRED', flags: [] });
  });

  it.each(['PAID', 'FAILED', 'EXPIRED'] as const)('never expires a %s order', (status) => {
    expect(decideExpiry({ status, flags: [], expiresAt: 100 }, 200)).toEqual({ kind: 'ignore', reason: `${status} never moves to EXPIRED` });
  });

  it('never expires a flagged order: a person decides', () => {
    expect(decideExpiry({ status: 'PAYING', flags: ['AMOUNT_MISMATCH', 'CONFLICTING_REPORTS'], expiresAt: 100 }, 200)).toEqual({ kind: 'ignore', reason: 'flagged AMOUNT_MISMATCH,CONFLICTING_REPORTS: waits for review' });
  });
});
