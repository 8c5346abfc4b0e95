/**
 * The embedded store on disk, as `npm start` uses it under DATA_DIR: one file per collection, a
 * catalog file that cannot list a sku twice, and a failed write reported as the failure it is.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../server/orders/embeddedStore';
import { StoreError } from '../../server/orders/store';
import { rejected } from '../support/caught';
import { orderRecord, PRODUCTS } from '../support/orders';

const made: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-store-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('embedded store on disk', () => {
  it('keeps each collection in a file named after it', async () => {
    const dir = dataDir();
    const store = await EmbeddedStore.open(dir);
    await store.insertOrder(orderRecord());
    await store.seedProducts(PRODUCTS);
    expect(readdirSync(dir).sort()).toEqual(['orders.db', 'payment_events.db', 'products.db']);
  });

  it('refuses to open a catalog file that lists one sku twice, rather than selling it at two prices', async () => {
    const dir = dataDir();
    const product = (id: string, value: string) => JSON.stringify({ _id: id, ...PRODUCTS[0], price: { value, currency: 'LAK' }, active: true });
    writeFileSync(join(dir, 'products.db'), `${product('a', '25000')}\n${product('b', '1000')}\n`);
    await expect(EmbeddedStore.open(dir)).rejects.toThrow(/"coffee".*unique constraint/);
  });

  it('a failed write of a new order is a StoreError saying why, never taken for an order that exists', async () => {
    const dir = dataDir();
    const store = await EmbeddedStore.open(dir);
    rmSync(dir, { recursive: true }); // the data directory is gone (a wiped disk, a removed volume)
    const order = orderRecord();
    const error = await rejected(store.insertOrder(order));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/^orders insert failed: ENOENT: no such file or directory, open '.*orders\.db'$/);
  });
});
