/**
 * What the mini program reads: the catalog in the shop's currency, and the caller's orders a page at a
 * time (limit 1 to 50, a cursor that only this function gives out, and null once there is no more).
 */
import { EmbeddedStore } from '../../server/orders/embeddedStore';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

describe('catalog', () => {
  it('lists only products priced in the shop’s currency', async () => {
    await (h.store as EmbeddedStore).seedProducts([
      { sku: 'cap', name: 'Cap', description: 'Cotton', image: '/images/cap.png', price: { value: '12.50', currency: 'USD' } },
    ]);
    const result = await h.call('catalog', {});
    if (!result.ok) throw new Error(result.error.message);
    expect(result.products.map((p) => p.sku)).toEqual(['coffee', 'mug', 'tea']);
  });
});

describe('listOrders', () => {
  async function orders(count: number): Promise<string[]> {
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      h.clock += 1000;
      made.push(await h.payingOrder());
    }
    return made.reverse(); // newest first, as listed
  }

  const limitRule = { ok: false, error: { code: 'INVALID_REQUEST', message: 'limit must be a whole number from 1 to 50', retryable: false } };

  it.each([
    ['0', 0],
    ['51', 51],
    ['a fraction', 2.5],
    ['a string', '5'],
  ])('refuses a limit of %s', async (_what, limit) => {
    expect(await h.call('listOrders', { limit })).toEqual(limitRule);
  });

  it('accepts limits 1 and 50, the ends of the range', async () => {
    const [newest, second] = await orders(2);
    expect(await h.call('listOrders', { limit: 1 })).toMatchObject({ ok: true, orders: [{ orderNo: newest }], nextCursor: newest });
    expect(await h.call('listOrders', { limit: 50 })).toMatchObject({ ok: true, orders: [{ orderNo: newest }, { orderNo: second }], nextCursor: null });
  });

  it('a page that ends with the last order: nextCursor null, never a cursor to an empty page', async () => {
    const mine = await orders(3);
    const first = await h.call('listOrders', { limit: 3 });
    expect(first).toEqual({ ok: true, orders: mine.map((orderNo) => expect.objectContaining({ orderNo })), nextCursor: null });
  });

  it('takes back the null cursor it gave out as the first page', async () => {
    const [newest] = await orders(1);
    expect(await h.call('listOrders', { cursor: null })).toMatchObject({ ok: true, orders: [{ orderNo: newest }], nextCursor: null });
  });

  it('refuses a cursor it did not give out, saying so', async () => {
    expect(await h.call('listOrders', { cursor: 'not an orderNo!' })).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: 'cursor is not one this function gave out', retryable: false } });
  });
});
