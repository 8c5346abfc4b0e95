/**
 * One checkout carries one idempotency key. The key and the cart it was for are kept per order, so an
 * unpaid order can be paid again later: createPayment with the same key returns the same order and
 * launch, never a second order.
 */
import type { CartLine as ContractLine } from '../../typings/contracts';

const KEY = 'checkouts.v1';
const KEEP = 30;

export interface Checkout {
  readonly idempotencyKey: string;
  readonly items: readonly ContractLine[];
  readonly createdAt: number;
}

export function newIdempotencyKey(): string {
  return `ck-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export function rememberCheckout(orderNo: string, checkout: Checkout): void {
  const all = readAll();
  all[orderNo] = checkout;
  const newest = Object.entries(all).sort((a, b) => b[1].createdAt - a[1].createdAt).slice(0, KEEP);
  wx.setStorageSync(KEY, Object.fromEntries(newest));
}

export function findCheckout(orderNo: string): Checkout | undefined {
  return readAll()[orderNo];
}

function readAll(): Record<string, Checkout> {
  const stored: unknown = wx.getStorageSync(KEY);
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, Checkout>) : {};
}
