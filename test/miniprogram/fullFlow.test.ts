/**
 * From a tap in Shop to "Paid" on the result page, with nothing mocked on the server side:
 * wx.cloud.callFunction runs the deployed function code in this process (embedded store), NewPay is
 * the sandbox (it verifies our signatures and signs its answers and callbacks), and the notification
 * arrives over HTTP at payNotify.
 */
import axios from 'axios';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as catalog } from '../../cloudfunctions/catalog/src';
import { main as createPayment } from '../../cloudfunctions/createPayment/src';
import { main as getOrder } from '../../cloudfunctions/getOrder/src';
import { main as listOrders } from '../../cloudfunctions/listOrders/src';
import { main as miniPayment } from '../../cloudfunctions/miniPayment/src';
import { cashierPageUrl, SANDBOX_PREFIX } from '../../server/local/sandbox/sandbox';
import { Stack, startStack } from '../../server/local/stack';
import { openPage, quickPolling, settle, tap, text, textsIn, until, wxMock } from './support';

const mains: Record<string, (event: unknown, context: unknown) => Promise<unknown>> = { catalog, createPayment, getOrder, listOrders, miniPayment };
let stack: Stack;

beforeAll(async () => {
  axios.defaults.adapter = 'http'; // the backend is Node code; jsdom's XMLHttpRequest is not its transport
  stack = await startStack({ dataDir: mkdtempSync(join(tmpdir(), 'flow-')), port: 0, timeScale: 0.001, reconcileEveryMs: 0, logSink: () => undefined });
});
afterAll(() => stack.stop());

function connectToBackend(): void {
  wxMock().getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'wxLOCALSHOP', envVersion: 'develop', version: '' } });
  (wx.cloud as unknown as { callFunction: jest.Mock }).callFunction = jest.fn(async ({ name, data }: { name: string; data: unknown }) => ({
    result: await mains[name]!(JSON.parse(JSON.stringify(data)), { OPENID: 'o-flow-user', APPID: 'wxLOCALSHOP' }),
    errMsg: 'cloud.callFunction:ok',
  }));
  // The NewPay cashier mini program: the user taps Pay there.
  wxMock().navigateToMiniProgram.mockImplementation((options: { path: string; success: () => void }) => {
    void axios.post(`${cashierPageUrl(`${stack.url}${SANDBOX_PREFIX}`, options.path)}/pay`, { outcome: 'success' }).then(() => options.success());
  });
}

it('buys two products: shop, cart, checkout, NewPay cashier, notification, Paid', async () => {
  connectToBackend();

  const shop = await openPage('shop');
  const products = shop.page.querySelectorAll('.product');
  expect(textsIn(shop.page, '.product', '.price').slice(0, 2)).toEqual(['₭65,000', '₭90,000']);
  await tap(products[0]!, '.add');
  await tap(products[0]!, '.add');
  await tap(products[1]!, '.add');

  const cart = await openPage('cart');
  expect(text(cart.page, '.total')).toBe('₭220,000');
  await tap(cart.page, '.checkout');
  expect(wxMock().navigateTo).toHaveBeenCalledWith({ url: '/pages/checkout/index' });

  const checkout = await openPage('checkout');
  await tap(checkout.page, '.place');
  await until(() => Boolean(checkout.page.querySelector('.pay') || checkout.page.querySelector('.problem')));
  expect(text(checkout.page, '.problem-message')).toBeUndefined();
  expect(text(checkout.page, '.order-total')).toBe('₭220,000');
  await tap(checkout.page, '.pay');
  await until(() => wxMock().redirectTo.mock.calls.length > 0);
  const target = wxMock().redirectTo.mock.calls[0]![0].url as string;
  const query = Object.fromEntries(new URLSearchParams(target.split('?')[1]));
  expect(query.outcome).toBe('opened');

  const result = await openPage('result', query, quickPolling);
  for (let i = 0; i < 40 && text(result.page, '.headline') !== 'Paid'; i++) {
    await new Promise((r) => setTimeout(r, 25));
    await settle();
    if (result.page.querySelector('.check-again')) await tap(result.page, '.check-again');
  }
  expect(text(result.page, '.headline')).toBe('Paid');
  expect(text(result.page, '.amount')).toBe('₭220,000');
  expect((await stack.store.findOrder(query.orderNo!))!.status).toBe('PAID');
  expect((await stack.store.listEvents()).map((e) => e.verdict)).toContain('PAID');
}, 20_000);
