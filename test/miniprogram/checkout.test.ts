import { NAVIGATE, order, PRODUCTS } from './fixtures';
import { cloudFunctions, openPage, settle, tap, text, texts, wxMock } from './support';

const cart = [
  { sku: 'coffee', name: 'Bolaven coffee', image: '', price: PRODUCTS[0]!.price, qty: 2 },
  { sku: 'tea', name: 'ຊາ Phongsaly tea', image: '', price: PRODUCTS[1]!.price, qty: 1 },
];

beforeEach(() => wx.setStorageSync('cart.v1', cart));

describe('checkout page', () => {
  it('shows the cart with an estimate, then the order the server priced', async () => {
    const calls = cloudFunctions({ createPayment: () => ({ ok: true, order: order({ amount: { value: '178000', currency: 'LAK' } }), launch: NAVIGATE }) });
    const { page } = await openPage('checkout');
    expect(texts(page, '.name')).toEqual(['Bolaven coffee ×2', 'ຊາ Phongsaly tea ×1']);
    expect(text(page, '.estimate')).toBe('₭178,000');
    await tap(page, '.place');
    expect(text(page, '.order-total')).toBe('₭178,000');
    expect(text(page, '.pay')).toBe('Pay now');
    const event = calls.mock.calls[0]![0].data;
    expect(event).toEqual({ items: [{ sku: 'coffee', qty: 2 }, { sku: 'tea', qty: 1 }], idempotencyKey: expect.stringMatching(/^ck-/), envVersion: 'trial' });
    expect(wx.getStorageSync('cart.v1')).toEqual([]); // the order exists now
  });

  it('asks for release when the shop itself is the release build', async () => {
    wxMock().getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'wx', envVersion: 'release', version: '1.0.0' } });
    const calls = cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    expect(calls.mock.calls[0]![0].data.envVersion).toBe('release');
  });

  it('places one order for a double tap', async () => {
    let release!: () => void;
    const calls = cloudFunctions({ createPayment: () => new Promise((resolve) => (release = () => resolve({ ok: true, order: order(), launch: NAVIGATE }))) });
    const { page } = await openPage('checkout');
    page.querySelector('.place')!.dispatchEvent('tap');
    page.querySelector('.place')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '.place')).toBe('Placing order…');
    release();
    await settle();
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('offers Try again after a network error, with the same key so no second order can appear', async () => {
    cloudFunctions({});
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    expect(text(page, '.problem-message')).toBe('No connection. Check your network and try again.');
    const calls = cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    await tap(page, '.retry');
    expect(text(page, '.pay')).toBe('Pay now');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls.mock.calls[0]![0].data.idempotencyKey).toBe((page.instance as unknown as { data: { idempotencyKey: string } }).data.idempotencyKey);
  });

  it('explains an error that retrying cannot fix, and leads back to the cart', async () => {
    cloudFunctions({ createPayment: () => ({ ok: false, error: { code: 'UNKNOWN_SKU', message: 'not for sale: tea', retryable: false } }) });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    expect(text(page, '.problem-message')).toBe('Some products in your cart are no longer for sale. Remove them to continue.');
    expect(page.querySelector('.retry')).toBeUndefined();
    await tap(page, '.back');
    expect(wxMock().navigateBack).toHaveBeenCalled();
    expect(wx.getStorageSync('cart.v1')).toEqual(cart); // nothing was lost
  });

  it('opens the cashier mini program from the Pay tap, then shows the result page', async () => {
    cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    await tap(page, '.pay');
    expect(wxMock().navigateToMiniProgram).toHaveBeenCalledWith(expect.objectContaining({ appId: 'wxCASHIER', path: NAVIGATE.path, envVersion: 'trial' }));
    expect(wxMock().redirectTo).toHaveBeenCalledWith({ url: '/pages/result/index?orderNo=20261121100000000ABCDEFGHIJKL&outcome=opened' });
  });

  it('lands on the result page when the user cancels in the cashier', async () => {
    wxMock().navigateToMiniProgram.mockImplementation((o: { fail: (e: { errMsg: string }) => void }) => o.fail({ errMsg: 'navigateToMiniProgram:fail cancel' }));
    cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    await tap(page, '.pay');
    expect(wxMock().redirectTo).toHaveBeenCalledWith({ url: '/pages/result/index?orderNo=20261121100000000ABCDEFGHIJKL&outcome=cancelled' });
  });

  it('pays inside the shop when the server says inApp: login, miniPayment, requestPayment', async () => {
    const payment = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA', paySign: 'sig' };
    const calls = cloudFunctions({
      createPayment: () => ({ ok: true, order: order(), launch: { kind: 'inApp', orderNo: order().orderNo } }),
      miniPayment: () => ({ ok: true, payment }),
    });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    await tap(page, '.pay');
    expect(calls.mock.calls[1]![0]).toMatchObject({ name: 'miniPayment', data: { orderNo: order().orderNo, code: 'wx-login-code' } });
    expect(wxMock().requestPayment).toHaveBeenCalledWith(expect.objectContaining(payment));
    expect(wxMock().redirectTo).toHaveBeenCalledWith({ url: expect.stringContaining('outcome=paid') });
  });

  it('copies an external payment link and explains what to do', async () => {
    cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: { kind: 'external', url: 'weixin://dl/business/?t=abc' } }) });
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    await tap(page, '.pay');
    expect(wxMock().setClipboardData).toHaveBeenCalledWith(expect.objectContaining({ data: 'weixin://dl/business/?t=abc' }));
    expect(wxMock().showModal).toHaveBeenCalledWith(expect.objectContaining({ title: 'Link copied' }));
  });

  it('does not open payment twice for a double tap on Pay', async () => {
    cloudFunctions({ createPayment: () => ({ ok: true, order: order(), launch: NAVIGATE }) });
    wxMock().navigateToMiniProgram.mockImplementation(() => undefined); // the cashier stays open
    const { page } = await openPage('checkout');
    await tap(page, '.place');
    page.querySelector('.pay')!.dispatchEvent('tap');
    page.querySelector('.pay')!.dispatchEvent('tap');
    await settle();
    expect(wxMock().navigateToMiniProgram).toHaveBeenCalledTimes(1);
    expect(text(page, '.pay')).toBe('Opening payment…');
  });

  it('says the cart is empty when there is nothing to check out', async () => {
    wx.setStorageSync('cart.v1', []);
    const { page } = await openPage('checkout');
    expect(text(page, '.empty')).toBe('Your cart is empty.');
  });
});
