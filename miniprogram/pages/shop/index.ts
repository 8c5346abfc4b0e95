import type { Product } from '../../../typings/contracts';
import { addToCart, MAX_LINES } from '../../domain/cart';
import { loadCart, saveCart } from '../../services/cart';
import { callFunction } from '../../services/cloud';
import { describeProblem } from '../../services/messages';

Page({
  data: { state: 'loading' as 'loading' | 'ready' | 'empty' | 'error', products: [] as Product[], errorMessage: '' },

  onLoad() {
    void this.load();
  },

  onPullDownRefresh() {
    void this.load().then(() => wx.stopPullDownRefresh());
  },

  async load() {
    this.setData({ state: 'loading' });
    const answer = await callFunction('catalog', {});
    if (!answer.ok) {
      this.setData({ state: 'error', errorMessage: describeProblem(answer.error).message });
      return;
    }
    this.setData({ state: answer.products.length > 0 ? 'ready' : 'empty', products: answer.products });
  },

  retry() {
    void this.load();
  },

  onAdd(event: WechatMiniprogram.CustomEvent<{ product: Product }>) {
    const product = event.detail.product;
    const before = loadCart();
    const after = addToCart(before, product);
    const line = after.find((l) => l.sku === product.sku);
    if (!line) {
      wx.showToast({ title: `Cart is full (${MAX_LINES} products)`, icon: 'none' });
      return;
    }
    saveCart(after);
    const unchanged = before.find((l) => l.sku === product.sku)?.qty === line.qty;
    wx.showToast({ title: unchanged ? 'Limit reached' : 'Added to cart', icon: unchanged ? 'none' : 'success' });
  },
});
