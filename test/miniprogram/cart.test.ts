import { PRODUCTS } from './fixtures';
import { cloudFunctions, openPage, settle, tap, text, texts, textsIn, wxMock } from './support';

const line = (sku: string, qty: number) => {
  const p = PRODUCTS.find((x) => x.sku === sku)!;
  return { sku, name: p.name, image: '', price: p.price, qty };
};

describe('cart page', () => {
  beforeEach(() => cloudFunctions({ catalog: () => ({ ok: true, products: PRODUCTS }) }));

  it('shows the cart kept in storage after a restart, with its total from integer minor units', async () => {
    wx.setStorageSync('cart.v1', [line('coffee', 2), line('tea', 1)]);
    const { page } = await openPage('cart');
    expect(texts(page, '.name')).toEqual(['Bolaven coffee', 'ຊາ Phongsaly tea']);
    expect(textsIn(page, '.stepper', '.value')).toEqual(['2', '1']);
    expect(text(page, '.total')).toBe('₭178,000');
    expect(text(page, '.note')).toBe('The final price is set by the shop when you place the order.');
  });

  it('changes quantities with the stepper and keeps the change', async () => {
    wx.setStorageSync('cart.v1', [line('coffee', 2)]);
    const { page } = await openPage('cart');
    await tap(page.querySelector('.stepper')!, '.plus');
    expect(textsIn(page, '.stepper', '.value')).toEqual(['3']);
    expect(text(page, '.total')).toBe('₭195,000');
    await tap(page.querySelector('.stepper')!, '.minus');
    await tap(page.querySelector('.stepper')!, '.minus');
    await tap(page.querySelector('.stepper')!, '.minus'); // not below 1
    expect(textsIn(page, '.stepper', '.value')).toEqual(['1']);
    expect((wx.getStorageSync('cart.v1') as { qty: number }[])[0]!.qty).toBe(1);
  });

  it('removes a product, and shows the empty cart after the last one', async () => {
    wx.setStorageSync('cart.v1', [line('coffee', 1), line('tea', 1)]);
    const { page } = await openPage('cart');
    await tap(page, '.remove');
    expect(texts(page, '.name')).toEqual(['ຊາ Phongsaly tea']);
    await tap(page, '.remove');
    expect(text(page, '.empty .message')).toBe('Your cart is empty.');
    expect(wx.getStorageSync('cart.v1')).toEqual([]);
  });

  it('marks a product the shop no longer sells, leaves it out of the total and blocks checkout until removed', async () => {
    wx.setStorageSync('cart.v1', [line('coffee', 1), { ...line('tea', 1), sku: 'retired', name: 'Old blend' }]);
    const { page } = await openPage('cart');
    expect(text(page, '.gone')).toBe('No longer for sale');
    expect(text(page, '.total')).toBe('₭65,000');
    await tap(page, '.checkout');
    expect(wxMock().navigateTo).not.toHaveBeenCalled();
    expect(wxMock().showToast).toHaveBeenCalledWith({ title: 'Remove unavailable products first', icon: 'none' });
    await tap(page, '.remove-unavailable');
    expect(texts(page, '.name')).toEqual(['Bolaven coffee']);
    await tap(page, '.checkout');
    expect(wxMock().navigateTo).toHaveBeenCalledWith({ url: '/pages/checkout/index' });
  });

  it('takes the current catalog price for what is still sold', async () => {
    wx.setStorageSync('cart.v1', [{ ...line('coffee', 1), price: { value: '60000', currency: 'LAK' } }]);
    const { page } = await openPage('cart');
    await settle();
    expect(text(page, '.total')).toBe('₭65,000');
  });

  it('still shows the stored cart when offline', async () => {
    cloudFunctions({});
    wx.setStorageSync('cart.v1', [line('tea', 2)]);
    const { page } = await openPage('cart');
    expect(text(page, '.total')).toBe('₭96,000');
  });
});
