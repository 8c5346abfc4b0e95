import { PRODUCTS } from './fixtures';
import { cloudFunctions, openPage, tap, text, textsIn, wxMock } from './support';

describe('shop page', () => {
  it('shows each product with its price as people read it', async () => {
    cloudFunctions({ catalog: () => ({ ok: true, products: PRODUCTS }) });
    const { page } = await openPage('shop');
    expect(textsIn(page, '.product', '.name')).toEqual(['Bolaven coffee', 'ຊາ Phongsaly tea']);
    expect(textsIn(page, '.product', '.price')).toEqual(['₭65,000', '₭48,000']);
  });

  it('says so when nothing is for sale', async () => {
    cloudFunctions({ catalog: () => ({ ok: true, products: [] }) });
    const { page } = await openPage('shop');
    expect(text(page, '.empty')).toBe('No products for sale right now.');
  });

  it('explains a network error and loads again on Try again', async () => {
    const calls = cloudFunctions({});
    const { page } = await openPage('shop');
    expect(text(page, '.error .message')).toBe('No connection. Check your network and try again.');
    cloudFunctions({ catalog: () => ({ ok: true, products: PRODUCTS }) });
    await tap(page, '.retry');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(textsIn(page, '.product', '.name')).toHaveLength(2);
  });

  it('adds to the cart with feedback, and the cart is kept in storage', async () => {
    cloudFunctions({ catalog: () => ({ ok: true, products: PRODUCTS }) });
    const { page } = await openPage('shop');
    await tap(page.querySelectorAll('.product')[1]!, '.add');
    await tap(page.querySelectorAll('.product')[1]!, '.add');
    expect(wxMock().showToast).toHaveBeenLastCalledWith({ title: 'Added to cart', icon: 'success' });
    expect(wx.getStorageSync('cart.v1')).toEqual([{ sku: 'tea', name: 'ຊາ Phongsaly tea', image: '', price: { value: '48000', currency: 'LAK' }, qty: 2 }]);
  });

  it('stops at 99 of one product and says so', async () => {
    cloudFunctions({ catalog: () => ({ ok: true, products: PRODUCTS }) });
    wx.setStorageSync('cart.v1', [{ sku: 'coffee', name: 'Bolaven coffee', image: '', price: { value: '65000', currency: 'LAK' }, qty: 99 }]);
    const { page } = await openPage('shop');
    await tap(page.querySelectorAll('.product')[0]!, '.add');
    expect(wxMock().showToast).toHaveBeenLastCalledWith({ title: 'Limit reached', icon: 'none' });
    expect((wx.getStorageSync('cart.v1') as { qty: number }[])[0]!.qty).toBe(99);
  });
});
