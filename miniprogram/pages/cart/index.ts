import { CartLine, cartCurrency, cartTotal, MAX_QTY, refreshPrices, removeFromCart, setQty, unavailableSkus } from '../../domain/cart';
import { formatAmount } from '../../domain/money';
import { loadCart, saveCart } from '../../services/cart';
import { callFunction } from '../../services/cloud';

type Line = CartLine & { unavailable: boolean };

Page({
  data: { lines: [] as Line[], total: { value: '', currency: '' }, unavailableCount: 0, maxQty: MAX_QTY },
  unavailable: [] as string[],

  onShow() {
    this.render(loadCart());
    void this.checkCatalog();
  },

  /** Brings names and prices up to date and marks what the shop no longer sells. */
  async checkCatalog() {
    const answer = await callFunction('catalog', {});
    if (!answer.ok) return; // offline: the stored cart is still shown; checkout will price it
    const cart = refreshPrices(loadCart(), answer.products);
    this.unavailable = unavailableSkus(cart, answer.products);
    saveCart(cart);
    this.render(cart);
  },

  render(cart: CartLine[]) {
    const available = cart.filter((line) => !this.unavailable.includes(line.sku));
    const currency = cartCurrency(available);
    this.setData({
      lines: cart.map((line) => ({ ...line, unavailable: this.unavailable.includes(line.sku) })),
      total: currency ? { value: formatAmount(cartTotal(available, currency)), currency } : { value: '', currency: '' },
      unavailableCount: cart.length - available.length,
    });
  },

  update(cart: CartLine[]) {
    saveCart(cart);
    this.render(cart);
  },

  onQty(event: WechatMiniprogram.CustomEvent<{ value: number }, Record<string, never>, { sku: string }>) {
    this.update(setQty(loadCart(), event.currentTarget.dataset.sku, event.detail.value));
  },

  onRemove(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { sku: string }>) {
    this.update(removeFromCart(loadCart(), event.currentTarget.dataset.sku));
  },

  removeUnavailable() {
    const cart = loadCart().filter((line) => !this.unavailable.includes(line.sku));
    this.unavailable = [];
    this.update(cart);
  },

  checkout() {
    if (this.data.unavailableCount > 0) {
      wx.showToast({ title: 'Remove unavailable products first', icon: 'none' });
      return;
    }
    wx.navigateTo({ url: '/pages/checkout/index' });
  },

  goShopping() {
    wx.switchTab({ url: '/pages/shop/index' });
  },
});
