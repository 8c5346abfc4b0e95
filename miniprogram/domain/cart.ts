/**
 * Cart rules the mini program needs: pure, no wx. Quantities stay within what the server accepts
 * (1 to 99 per product, at most 50 products), totals are integer minor units.
 */
import { addMoney, Currency, formatAmount, Money, multiplyMoney, parseAmount, parseCurrency, zeroMoney } from './money';

export const MAX_QTY = 99;
export const MAX_LINES = 50;

export interface CartLine {
  readonly sku: string;
  readonly name: string;
  readonly image: string;
  /** Unit price as the catalog showed it; the server prices the order again at checkout. */
  readonly price: { readonly value: string; readonly currency: string };
  readonly qty: number;
}

export interface CatalogItem {
  readonly sku: string;
  readonly name: string;
  readonly image: string;
  readonly price: { readonly value: string; readonly currency: string };
}

export function clampQty(qty: number): number {
  if (!Number.isFinite(qty)) return 1;
  return Math.min(MAX_QTY, Math.max(1, Math.floor(qty)));
}

/** Adds one of a product; refuses a new line past MAX_LINES (returns the cart unchanged). */
export function addToCart(cart: readonly CartLine[], product: CatalogItem, qty = 1): CartLine[] {
  const existing = cart.find((line) => line.sku === product.sku);
  if (existing) return setQty(cart, product.sku, existing.qty + qty);
  if (cart.length >= MAX_LINES) return [...cart];
  return [...cart, { sku: product.sku, name: product.name, image: product.image, price: product.price, qty: clampQty(qty) }];
}

export function setQty(cart: readonly CartLine[], sku: string, qty: number): CartLine[] {
  return cart.map((line) => (line.sku === sku ? { ...line, qty: clampQty(qty) } : line));
}

export function removeFromCart(cart: readonly CartLine[], sku: string): CartLine[] {
  return cart.filter((line) => line.sku !== sku);
}

export function itemCount(cart: readonly CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.qty, 0);
}

/** The cart total in minor units; lines in another currency or with a broken price are left out. */
export function cartTotal(cart: readonly CartLine[], currency: Currency): Money {
  let total = zeroMoney(currency);
  for (const line of cart) {
    const unit = linePrice(line);
    if (unit && unit.currency === currency) total = addMoney(total, multiplyMoney(unit, line.qty));
  }
  return total;
}

export function cartCurrency(cart: readonly CartLine[]): Currency | undefined {
  for (const line of cart) {
    const price = linePrice(line);
    if (price) return price.currency;
  }
  return undefined;
}

/** Lines whose product the catalog no longer sells. */
export function unavailableSkus(cart: readonly CartLine[], catalog: readonly CatalogItem[]): string[] {
  const selling = new Set(catalog.map((p) => p.sku));
  return cart.filter((line) => !selling.has(line.sku)).map((line) => line.sku);
}

/** Takes the catalog's current names and prices for lines it still sells. */
export function refreshPrices(cart: readonly CartLine[], catalog: readonly CatalogItem[]): CartLine[] {
  const bySku = new Map(catalog.map((p) => [p.sku, p]));
  return cart.map((line) => {
    const product = bySku.get(line.sku);
    return product ? { ...line, name: product.name, image: product.image, price: product.price } : line;
  });
}

export function lineTotal(line: CartLine): string {
  const unit = linePrice(line);
  return unit ? formatAmount(multiplyMoney(unit, line.qty)) : '';
}

function linePrice(line: CartLine): Money | undefined {
  try {
    return parseAmount(line.price.value, parseCurrency(line.price.currency));
  } catch {
    return undefined;
  }
}
