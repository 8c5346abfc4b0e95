import type { ClientOrder } from '../../typings/contracts';
import { NAVIGATE, order } from './fixtures';
import { cloudFunctions, openPage, quickPolling, settle, tap, text, wxMock } from './support';

/** getOrder answers these statuses in turn, then keeps the last. */
function serverSays(...statuses: ClientOrder['status'][]) {
  let i = 0;
  return cloudFunctions({
    getOrder: () => ({ ok: true, order: order({ status: statuses[Math.min(i++, statuses.length - 1)]! }) }),
    createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }),
  });
}

async function waitFor(page: Parameters<typeof text>[0], selector: string, expected: string) {
  for (let i = 0; i < 50 && text(page, selector) !== expected; i++) await settle();
  return text(page, selector);
}

const openResult = (query: Record<string, string>) => openPage('result', { orderNo: order().orderNo, ...query }, quickPolling);

describe('result page', () => {
  it('shows Paid once the server says so, checking with backoff until then', async () => {
    const calls = serverSays('PAYING', 'PAYING', 'PAID');
    const { page } = await openResult({ outcome: 'opened' });
    expect(await waitFor(page, '.headline', 'Paid')).toBe('Paid');
    expect(text(page, '.amount')).toBe('₭178,000');
    expect(calls).toHaveBeenCalledTimes(3);
  });

  it('shows Payment failed', async () => {
    serverSays('FAILED');
    const { page } = await openResult({});
    expect(await waitFor(page, '.headline', 'Payment failed')).toBe('Payment failed');
  });

  it('says Still processing when the checks run out, and checks again on request', async () => {
    const calls = serverSays('PAYING', 'PAYING', 'PAYING', 'PAYING', 'PAYING', 'PAID');
    const { page } = await openResult({ outcome: 'opened' });
    expect(await waitFor(page, '.headline', 'Still processing')).toBe('Still processing');
    expect(calls).toHaveBeenCalledTimes(5);
    await tap(page, '.check-again');
    expect(await waitFor(page, '.headline', 'Paid')).toBe('Paid');
  });

  it('never trusts what the client saw: a "paid" callback with the server still waiting is not Paid', async () => {
    serverSays('PAYING');
    const { page } = await openResult({ outcome: 'paid' });
    expect(await waitFor(page, '.headline', 'Still processing')).toBe('Still processing');
  });

  it('tells a user who cancelled in the cashier where they stand, and lets them pay', async () => {
    wx.setStorageSync('checkouts.v1', { [order().orderNo]: { idempotencyKey: 'ck-1', items: [{ sku: 'coffee', qty: 2 }], createdAt: 1 } });
    const calls = serverSays('PAYING');
    const { page } = await openResult({ outcome: 'cancelled' });
    expect(await waitFor(page, '.headline', 'Payment not finished')).toBe('Payment not finished');
    await tap(page, '.continue');
    expect(calls.mock.calls.find((c) => c[0].name === 'createPayment')![0].data).toMatchObject({ idempotencyKey: 'ck-1', items: [{ sku: 'coffee', qty: 2 }] });
    await tap(page, '.pay-now');
    expect(wxMock().navigateToMiniProgram).toHaveBeenCalledWith(expect.objectContaining({ appId: 'wxCASHIER' }));
  });

  it('checks again when the user comes back to the page', async () => {
    serverSays('PAYING', 'PAYING', 'PAYING', 'PAYING', 'PAYING', 'PAID');
    const { page, instance } = await openResult({});
    await waitFor(page, '.headline', 'Still processing');
    instance.onShow();
    expect(await waitFor(page, '.headline', 'Paid')).toBe('Paid');
  });

  it('says it could not check when offline', async () => {
    cloudFunctions({});
    const { page } = await openResult({});
    expect(await waitFor(page, '.headline', 'Could not check your order')).toBe('Could not check your order');
  });
});
