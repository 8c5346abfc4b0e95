/**
 * Checkout in two taps: "Place order" asks the server to price the cart and create the order (one
 * idempotency key for this checkout, so double taps and retries never make two orders); "Pay now"
 * opens payment from the tap itself, as WeChat requires.
 */
import type { CartLine as ContractLine, ClientOrder, Launch } from '../../../typings/contracts';
import { CartLine, cartCurrency, cartTotal } from '../../domain/cart';
import { formatAmount } from '../../domain/money';
import { loadCart, saveCart } from '../../services/cart';
import { newIdempotencyKey, rememberCheckout } from '../../services/checkouts';
import { callFunction } from '../../services/cloud';
import { envVersion } from '../../services/env';
import { describeProblem, Problem } from '../../services/messages';
import { FINAL } from '../../services/orders';
import { launchPayment } from '../../services/payment';

Page({
  data: {
    step: 'review' as 'empty' | 'review' | 'placing' | 'placed',
    lines: [] as CartLine[],
    estimate: { value: '', currency: '' },
    order: null as ClientOrder | null,
    launch: null as Launch | null,
    problem: null as Problem | null,
    paying: false,
    idempotencyKey: '',
  },

  onLoad() {
    const lines = loadCart();
    const currency = cartCurrency(lines);
    this.setData({
      step: lines.length === 0 ? 'empty' : 'review',
      lines,
      estimate: currency ? { value: formatAmount(cartTotal(lines, currency)), currency } : { value: '', currency: '' },
      idempotencyKey: newIdempotencyKey(),
    });
  },

  async placeOrder() {
    if (this.data.step !== 'review') return; // a second tap while placing does nothing
    this.setData({ step: 'placing', problem: null });
    const items: ContractLine[] = this.data.lines.map(({ sku, qty }) => ({ sku, qty }));
    const answer = await callFunction('createPayment', { items, idempotencyKey: this.data.idempotencyKey, envVersion: envVersion() });
    if (!answer.ok) {
      this.setData({ step: 'review', problem: describeProblem(answer.error) });
      return;
    }
    rememberCheckout(answer.order.orderNo, { idempotencyKey: this.data.idempotencyKey, items, createdAt: Date.now() });
    saveCart([]); // the order exists now; it can be paid again from Orders
    if (FINAL.includes(answer.order.status) || !answer.launch) {
      wx.redirectTo({ url: `/pages/result/index?orderNo=${answer.order.orderNo}` });
      return;
    }
    this.setData({ step: 'placed', order: answer.order, launch: answer.launch });
  },

  retry() {
    void this.placeOrder(); // same key: the server returns the same order if the first try got through
  },

  async pay() {
    if (this.data.paying || !this.data.launch || !this.data.order) return;
    this.setData({ paying: true });
    const outcome = await launchPayment(this.data.launch);
    this.setData({ paying: false });
    // Paid, cancelled or unknown: the result page asks the server what really happened.
    wx.redirectTo({ url: `/pages/result/index?orderNo=${this.data.order.orderNo}&outcome=${outcome}` });
  },

  backToCart() {
    wx.navigateBack();
  },
});
