import { NAVIGATE, order } from './fixtures';
import { cloudFunctions, openPage, settle, tap, text, texts, textsIn, wxMock } from './support';

const orderNo = (i: number) => `2026112110000000${String(i).padStart(2, '0')}ABCDEFGHIJK`;

describe('orders page', () => {
  it("lists the user's orders with their status, and opens one on tap", async () => {
    cloudFunctions({ listOrders: () => ({ ok: true, orders: [order({ status: 'PAID' }), order({ orderNo: orderNo(2), status: 'FAILED' })], nextCursor: null }) });
    const { page } = await openPage('orders');
    expect(textsIn(page, '.order', '.status')).toEqual(['Paid', 'Payment failed']);
    expect(textsIn(page, '.order', '.amount')).toEqual(['₭178,000', '₭178,000']);
    expect(text(page, '.end')).toBe("That's all your orders.");
    await tap(page.querySelectorAll('.order')[1]!, '.card');
    expect(wxMock().navigateTo).toHaveBeenCalledWith({ url: `/pages/order/index?orderNo=${orderNo(2)}` });
  });

  it('loads the next page at the bottom, and starts over on pull-down refresh', async () => {
    const calls = cloudFunctions({
      listOrders: (event) =>
        event.cursor
          ? { ok: true, orders: [order({ orderNo: orderNo(1) })], nextCursor: null }
          : { ok: true, orders: [order({ orderNo: orderNo(3) }), order({ orderNo: orderNo(2) })], nextCursor: orderNo(2) },
    });
    const { page, instance } = await openPage('orders');
    expect(page.querySelectorAll('.order')).toHaveLength(2);
    instance.onReachBottom();
    await settle();
    expect(page.querySelectorAll('.order')).toHaveLength(3);
    expect(calls.mock.calls[1]![0].data).toEqual({ limit: 20, cursor: orderNo(2) });
    instance.onPullDownRefresh();
    await settle();
    expect(page.querySelectorAll('.order')).toHaveLength(2);
    expect(wxMock().stopPullDownRefresh).toHaveBeenCalled();
  });

  it('has friendly empty and error states', async () => {
    cloudFunctions({ listOrders: () => ({ ok: true, orders: [], nextCursor: null }) });
    expect(text((await openPage('orders')).page, '.empty')).toBe('You have no orders yet.');
    cloudFunctions({});
    const { page } = await openPage('orders');
    expect(text(page, '.error .message')).toBe('No connection. Check your network and try again.');
  });
});

describe('order page', () => {
  it('shows the items, line totals and total', async () => {
    cloudFunctions({ getOrder: () => ({ ok: true, order: order({ status: 'PAID' }) }) });
    const { page } = await openPage('order', { orderNo: order().orderNo });
    expect(texts(page, '.name')).toEqual(['Bolaven coffee', 'ຊາ Phongsaly tea']);
    expect(texts(page, '.line-total')).toEqual(['₭130,000', '₭48,000']);
    expect(text(page, '.total')).toBe('₭178,000');
    expect(text(page, '.status')).toBe('Paid');
    expect(page.querySelector('.continue')).toBeUndefined();
  });

  it('lets an unpaid order checked out on this phone be paid again through the same launch', async () => {
    wx.setStorageSync('checkouts.v1', { [order().orderNo]: { idempotencyKey: 'ck-7', items: [{ sku: 'coffee', qty: 2 }], createdAt: 1 } });
    const calls = cloudFunctions({ getOrder: () => ({ ok: true, order: order() }), createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    const { page } = await openPage('order', { orderNo: order().orderNo });
    await tap(page, '.continue');
    expect(calls.mock.calls[1]![0]).toMatchObject({ name: 'createPayment', data: { idempotencyKey: 'ck-7' } });
    await tap(page, '.pay-now');
    expect(wxMock().navigateToMiniProgram).toHaveBeenCalledWith(expect.objectContaining({ path: NAVIGATE.path }));
    expect(wxMock().redirectTo).toHaveBeenCalledWith({ url: `/pages/result/index?orderNo=${order().orderNo}&outcome=opened` });
  });

  it('says when the order is not found', async () => {
    cloudFunctions({ getOrder: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'no order', retryable: false } }) });
    const { page } = await openPage('order', { orderNo: 'X1' });
    expect(text(page, '.error .message')).toBe('We could not find this order.');
  });
});
