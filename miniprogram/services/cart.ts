/** The cart lives in wx storage, so it survives closing the mini program. */
import type { CartLine } from '../domain/cart';

const KEY = 'cart.v1';

export function loadCart(): CartLine[] {
  const stored: unknown = wx.getStorageSync(KEY);
  if (!Array.isArray(stored)) return [];
  return stored.filter(isLine);
}

export function saveCart(cart: readonly CartLine[]): void {
  wx.setStorageSync(KEY, cart);
}

function isLine(value: unknown): value is CartLine {
  const line = value as CartLine;
  return typeof line === 'object' && line !== null && typeof line.sku === 'string' && typeof line.name === 'string' && Number.isInteger(line.qty) && typeof line.price?.value === 'string';
}
