import type { Product } from '../../typings/contracts';
import { AppError } from '../../server/core/errors';
import { orderSubject, priceCart, readCartLines } from '../../server/core/pricing';
import { parseAmount } from '../../miniprogram/domain/money';
import { caught } from '../support/caught';
import { PRODUCTS } from '../support/orders';

const catalog = new Map<string, Product>(PRODUCTS.filter((p) => p.active !== false).map((p) => [p.sku, p]));
const rules = { currency: 'LAK' as const, maxOrderAmount: parseAmount('1000000', 'LAK') };

function code(fn: () => unknown): string {
  const error = caught(fn);
  if (error instanceof AppError) return error.code;
  throw error;
}

describe('readCartLines', () => {
  it('merges repeated skus', () => {
    expect(readCartLines([{ sku: 'coffee', qty: 1 }, { sku: 'tea', qty: 2 }, { sku: 'coffee', qty: 3 }])).toEqual([
      { sku: 'coffee', qty: 4 },
      { sku: 'tea', qty: 2 },
    ]);
  });

  it.each([
    ['no items', [], 'EMPTY_CART'],
    ['items that are not a list', { sku: 'coffee', qty: 1 }, 'INVALID_REQUEST'],
    ['a line without sku', [{ qty: 1 }], 'INVALID_REQUEST'],
    ['qty 0', [{ sku: 'coffee', qty: 0 }], 'INVALID_QUANTITY'],
    ['negative qty', [{ sku: 'coffee', qty: -1 }], 'INVALID_QUANTITY'],
    ['qty 100', [{ sku: 'coffee', qty: 100 }], 'INVALID_QUANTITY'],
    ['fractional qty', [{ sku: 'coffee', qty: 1.5 }], 'INVALID_QUANTITY'],
    ['qty as a string', [{ sku: 'coffee', qty: '2' }], 'INVALID_QUANTITY'],
    ['merged qty over 99', [{ sku: 'coffee', qty: 60 }, { sku: 'coffee', qty: 40 }], 'INVALID_QUANTITY'],
    ['51 lines', Array.from({ length: 51 }, (_, i) => ({ sku: `s${i}`, qty: 1 })), 'TOO_MANY_LINES'],
  ])('refuses %s', (_what, items, expected) => {
    expect(code(() => readCartLines(items))).toBe(expected);
  });
});

describe('priceCart', () => {
  it('prices from the catalog and ignores any price the client sent', () => {
    const lines = readCartLines([{ sku: 'coffee', qty: 2, price: { value: '1', currency: 'LAK' } }, { sku: 'tea', qty: 1 }]);
    const priced = priceCart(lines, catalog, rules);
    expect(priced.total).toEqual({ minor: 68000, currency: 'LAK' });
    expect(priced.items).toEqual([
      { sku: 'coffee', name: 'Lao coffee 250g', qty: 2, price: { value: '25000', currency: 'LAK' } },
      { sku: 'tea', name: 'Phongsaly tea', qty: 1, price: { value: '18000', currency: 'LAK' } },
    ]);
  });

  it('refuses unknown and retired products, naming them', () => {
    const error = caught(() => priceCart([{ sku: 'retired', qty: 1 }, { sku: 'ghost', qty: 1 }], catalog, rules));
    expect(error).toMatchObject({ code: 'UNKNOWN_SKU', message: 'not for sale: retired, ghost' });
  });

  it('refuses a total above the configured maximum; the maximum itself is allowed', () => {
    expect(code(() => priceCart([{ sku: 'mug', qty: 25 }, { sku: 'tea', qty: 1 }], catalog, rules))).toBe('AMOUNT_TOO_LARGE');
    expect(priceCart([{ sku: 'mug', qty: 25 }], catalog, rules).total.minor).toBe(1000000);
  });

  it('reports a product priced in another currency as a configuration problem', () => {
    const usd = new Map(catalog).set('coffee', { ...PRODUCTS[0]!, price: { value: '2.50', currency: 'USD' } });
    expect(code(() => priceCart([{ sku: 'coffee', qty: 1 }], usd, rules))).toBe('MISCONFIGURED');
  });

  it('prices USD exactly in cents', () => {
    const usd = new Map<string, Product>([['pen', { sku: 'pen', name: 'Pen', description: '', image: '', price: { value: '0.10', currency: 'USD' } }]]);
    const priced = priceCart([{ sku: 'pen', qty: 3 }], usd, { currency: 'USD', maxOrderAmount: parseAmount('100', 'USD') });
    expect(priced.total).toEqual({ minor: 30, currency: 'USD' });
  });
});

test('orderSubject names the first product and counts the rest', () => {
  const items = priceCart([{ sku: 'coffee', qty: 2 }, { sku: 'tea', qty: 1 }, { sku: 'mug', qty: 1 }], catalog, rules).items;
  expect(orderSubject(items)).toBe('Lao coffee 250g ×2 and 2 more');
  expect(orderSubject(items.slice(0, 1))).toBe('Lao coffee 250g ×2');
});

test('orderSubject never carries "&" or "=": NewPay signs raw values joined by them, so they would make its callback ambiguous', () => {
  const item = (name: string, qty = 1) => ({ sku: 's', name, qty, price: { value: '1000', currency: 'LAK' as const } });
  const subject = orderSubject([item('Tea & Coffee =2 for&transStatus=0', 3), item('Mug')]);
  expect(subject).not.toMatch(/[&=]/);
  expect(subject).toBe('Tea + Coffee -2 for+transStatus-0 ×3 and 1 more');
});
