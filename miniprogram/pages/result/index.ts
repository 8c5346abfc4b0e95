/**
 * What happened to the payment, told only by the server: after the user comes back (onShow) it asks
 * getOrder with backoff until the order is final or the checks run out. The cashier's extraData and the
 * client-side payment callback are never taken as proof.
 */
import type { ClientOrder } from '../../../typings/contracts';
import { payAgain } from '../../behaviors/payAgain';
import { findCheckout } from '../../services/checkouts';
import { FINAL, pollOrder } from '../../services/orders';
import type { LaunchOutcome } from '../../services/payment';

const VIEWS = {
  PAID: { headline: 'Paid', detail: 'Thank you! Your order is confirmed.', tone: 'good' },
  FAILED: { headline: 'Payment failed', detail: 'You have not been charged. You can check out again.', tone: 'bad' },
  EXPIRED: { headline: 'Order expired', detail: 'This order was not paid in time. You can check out again.', tone: 'bad' },
  pending: { headline: 'Still processing', detail: 'If you paid, it can take a moment to show here.', tone: 'wait' },
  cancelled: { headline: 'Payment not finished', detail: 'You left the payment before it was done.', tone: 'wait' },
  unknown: { headline: 'Could not check your order', detail: 'Check your connection and try again.', tone: 'wait' },
  checking: { headline: 'Checking payment…', detail: '', tone: '' },
};

Page({
  behaviors: [payAgain],
  data: {
    orderNo: '',
    order: null as ClientOrder | null,
    state: 'checking' as 'checking' | 'final' | 'pending' | 'unknown',
    headline: VIEWS.checking.headline,
    detail: '',
    tone: '',
    outcome: '',
    canPay: false,
  },
  polling: false,

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ orderNo: query.orderNo ?? '', outcome: query.outcome ?? '', canPay: Boolean(query.orderNo && findCheckout(query.orderNo)) });
  },

  onShow() {
    void this.check();
  },

  async check() {
    if (this.polling || !this.data.orderNo) return;
    this.polling = true;
    this.setData({ state: 'checking', ...VIEWS.checking });
    const order = await pollOrder(this.data.orderNo, (o) => this.setData({ order: o }));
    this.polling = false;
    if (!order) return this.setData({ state: 'unknown', ...VIEWS.unknown });
    if (FINAL.includes(order.status)) return this.setData({ state: 'final', ...VIEWS[order.status as 'PAID' | 'FAILED' | 'EXPIRED'] });
    this.setData({ state: 'pending', ...(this.data.outcome === 'cancelled' ? VIEWS.cancelled : VIEWS.pending) });
  },

  checkAgain() {
    void this.check();
  },

  afterPayment(outcome: LaunchOutcome) {
    this.setData({ outcome });
    void this.check();
  },

  toOrders() {
    wx.switchTab({ url: '/pages/orders/index' });
  },
});
