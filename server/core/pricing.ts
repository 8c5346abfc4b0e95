/**
 * Prices a cart from the server's catalog. The client sends skus and quantities only; any price it
 * sends is never read. Pure: the catalog is passed in.
 */
import type { CartLine, OrderItem, Product } from '../../typings/contracts';
import { addMoney, AmountError, formatAmount, Money, multiplyMoney, parseAmount, zeroMoney, Currency } from '../../miniprogram/domain/money';
import { MAX_LINES, MAX_QTY } from '../../miniprogram/domain/cart';
import { AppError } from './errors';

// The limits the mini program's cart enforces too: one definition for both sides.
export { MAX_LINES, MAX_QTY };

export interface PricedCart {
  readonly items: OrderItem[];
  readonly total: Money;
}

export interface PricingRules {
  readonly currency: Currency;
  readonly maxOrderAmount: Money;
}

/** Validates the shape of the cart; duplicate skus are merged. Returns lines in first-seen order. */
export function readCartLines(items: unknown): CartLine[] {
  if (!Array.isArray(items)) throw new AppError('INVALID_REQUEST', 'items must be a list of {sku, qty}');
  if (items.length === 0) throw new AppError('EMPTY_CART', 'the cart is empty');
  if (items.length > MAX_LINES) throw new AppError('TOO_MANY_LINES', `a cart holds at most ${MAX_LINES} different products`);
  const merged = new Map<string, number>();
  for (const line of items as unknown[]) {
    const { sku, qty } = (line ?? {}) as { sku?: unknown; qty?: unknown };
    if (typeof sku !== 'string' || sku === '' || sku.length > 64) throw new AppError('INVALID_REQUEST', 'every cart line needs a sku');
    // Above MAX_QTY is refused just below, with the same words, once lines of one sku are added up.
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1) {
      throw new AppError('INVALID_QUANTITY', `quantity of ${sku} must be a whole number from 1 to ${MAX_QTY}`);
    }
    const total = (merged.get(sku) ?? 0) + qty;
    if (total > MAX_QTY) throw new AppError('INVALID_QUANTITY', `quantity of ${sku} must be a whole number from 1 to ${MAX_QTY}`);
    merged.set(sku, total);
  }
  return [...merged].map(([sku, qty]) => ({ sku, qty }));
}

export function priceCart(lines: readonly CartLine[], catalog: ReadonlyMap<string, Product>, rules: PricingRules): PricedCart {
  const unknown = lines.filter((line) => !catalog.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) throw new AppError('UNKNOWN_SKU', `not for sale: ${unknown.join(', ')}`);
  let total = zeroMoney(rules.currency);
  const items: OrderItem[] = [];
  for (const line of lines) {
    const product = catalog.get(line.sku)!;
    const unit = catalogPrice(product, rules.currency);
    total = addMoney(total, multiplyMoney(unit, line.qty));
    items.push({ sku: product.sku, name: product.name, qty: line.qty, price: { value: formatAmount(unit), currency: rules.currency } });
  }
  if (total.minor > rules.maxOrderAmount.minor) {
    throw new AppError('AMOUNT_TOO_LARGE', `orders are limited to ${formatAmount(rules.maxOrderAmount)} ${rules.currency}`);
  }
  return { items, total };
}

function catalogPrice(product: Product, currency: Currency): Money {
  if (product.price.currency !== currency) {
    throw new AppError('MISCONFIGURED', `product ${product.sku} is priced in ${product.price.currency}, the store sells in ${currency}`);
  }
  try {
    return parseAmount(product.price.value, currency);
  } catch (error) {
    if (error instanceof AmountError) throw new AppError('MISCONFIGURED', `product ${product.sku} has an invalid price: ${error.message}`);
    throw error;
  }
}

/**
 * A short title for NewPay's `subject`: "Lao coffee ×2" or "Lao coffee ×2 and 3 more".
 * NewPay signs raw values joined by `&` and `=` and echoes the subject in its callback, so a product
 * named "Tea & Coffee" or "…&transStatus=0" would put separators into a string that is meant to split
 * one way only. They become "+" and "-"; the subject is a label, nothing reads it back.
 */
export function orderSubject(items: readonly OrderItem[]): string {
  const [first, ...rest] = items;
  if (!first) return '';
  const name = first.name.slice(0, 40).replace(/&/g, '+').replace(/=/g, '-');
  const head = `${name} ×${first.qty}`;
  return rest.length === 0 ? head : `${head} and ${rest.length} more`;
}
