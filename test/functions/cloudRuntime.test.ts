/**
 * The functions as they run in CloudBase: no local runtime installed, so main() builds its runtime
 * from wx-server-sdk (here the strict fake database and a WeChat context).
 */
import { freshCloudDatabase } from '../fakes/cloudDatabase';
import { PRODUCTS } from '../support/orders';

const db = freshCloudDatabase();
const logged: unknown[] = [];
const context = { OPENID: 'o-cloud-user', APPID: 'wxOURSHOP' };

jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: Symbol.for('DYNAMIC_CURRENT_ENV'),
  init: jest.fn(),
  database: () => db,
  getWXContext: () => context,
  logger: () => ({ info: (r: unknown) => logged.push(r), warn: (r: unknown) => logged.push(r), error: (r: unknown) => logged.push(r) }),
}));

const savedEnv = { ...process.env };
afterAll(() => {
  process.env = savedEnv;
});

beforeAll(async () => {
  process.env.STORE_CURRENCY = 'LAK';
  process.env.MAX_ORDER_AMOUNT = '5000000';
  for (const p of PRODUCTS) await db.collection('products').add({ data: { ...p, active: p.active ?? true } });
});

test('catalog reads products from the cloud database and logs through cloud.logger()', async () => {
  const { main } = await import('../../cloudfunctions/catalog/src');
  const result = (await main({}, {})) as { ok: boolean; products: { sku: string }[] };
  expect(result.ok).toBe(true);
  expect(result.products.map((p) => p.sku)).toEqual(['coffee', 'mug', 'tea']);
  expect(logged).toContainEqual(expect.objectContaining({ fn: 'catalog', event: 'call', outcome: 'ok' }));
});

test('getOrder takes the caller from the WeChat context, not from the event', async () => {
  const { main } = await import('../../cloudfunctions/getOrder/src');
  await db.collection('orders').add({ data: { _id: 'k', orderNo: '20261121000000000ABCDEFGHIJKL', openid: 'o-someone-else', status: 'PAID', currency: 'LAK', amount: '1', items: [], createdAt: 1, flags: [] } });
  const result = await main({ orderNo: '20261121000000000ABCDEFGHIJKL', userInfo: { openId: 'o-someone-else' } }, {});
  expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

test('a function that calls NewPay reports its missing configuration instead of failing later', async () => {
  const { main } = await import('../../cloudfunctions/createPayment/src');
  expect(await main({ items: [], idempotencyKey: 'checkout-c1' }, {})).toMatchObject({ ok: false, error: { code: 'MISCONFIGURED' } });
  expect(logged).toContainEqual(expect.objectContaining({ fn: 'createPayment', event: 'cold-start', outcome: 'MISCONFIGURED', detail: expect.stringContaining('NEWPAY_APP_ID: missing') }));
});
