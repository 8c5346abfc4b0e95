import type { ClientOrder } from '../../../typings/contracts';
import { payAgain } from '../../behaviors/payAgain';
import { formatAmount, multiplyMoney, parseAmount, parseCurrency } from '../../domain/money';
import { findCheckout } from '../../services/checkouts';
import { callFunction } from '../../services/cloud';
import { describeProblem } from '../../services/messages';
import type { LaunchOutcome } from '../../services/payment';

Page({
  behaviors: [payAgain],
  data: {
    orderNo: '',
    state: 'loading' as 'loading' | 'ready' | 'error',
    order: null as ClientOrder | null,
    lines: [] as (ClientOrder['items'][number] & { total: string })[],
    when: '',
    unpaid: false,
    canPay: false,
    errorMessage: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ orderNo: query.orderNo ?? '' });
    void this.load();
  },

  async load() {
    this.setData({ state: 'loading' });
    const answer = await callFunction('getOrder', { orderNo: this.data.orderNo });
    if (!answer.ok) return this.setData({ state: 'error', errorMessage: describeProblem(answer.error).message });
    const { order } = answer;
    this.setData({
      state: 'ready',
      order,
      lines: order.items.map((item) => ({ ...item, total: formatAmount(multiplyMoney(parseAmount(item.price.value, parseCurrency(item.price.currency)), item.qty)) })),
      when: new Date(order.createdAt).toLocaleString(),
      unpaid: order.status === 'PAYING' || order.status === 'PENDING',
      canPay: Boolean(findCheckout(order.orderNo)),
    });
  },

  afterPayment(outcome: LaunchOutcome) {
    wx.redirectTo({ url: `/pages/result/index?orderNo=${this.data.orderNo}&outcome=${outcome}` });
  },
});
