import type { ClientOrder } from '../../../typings/contracts';
import { callFunction } from '../../services/cloud';
import { describeProblem } from '../../services/messages';

export const PAGE_SIZE = 20;

Page({
  data: { state: 'loading' as 'loading' | 'ready' | 'error', orders: [] as ClientOrder[], nextCursor: null as string | null, loadingMore: false, errorMessage: '' },

  onShow() {
    void this.refresh();
  },

  onPullDownRefresh() {
    void this.refresh().then(() => wx.stopPullDownRefresh());
  },

  onReachBottom() {
    void this.loadMore();
  },

  async refresh() {
    if (this.data.orders.length === 0) this.setData({ state: 'loading' });
    const answer = await callFunction('listOrders', { limit: PAGE_SIZE });
    if (!answer.ok) {
      if (this.data.orders.length === 0) this.setData({ state: 'error', errorMessage: describeProblem(answer.error).message });
      else wx.showToast({ title: 'Could not refresh', icon: 'none' });
      return;
    }
    this.setData({ state: 'ready', orders: answer.orders, nextCursor: answer.nextCursor });
  },

  async loadMore() {
    if (this.data.loadingMore || !this.data.nextCursor) return;
    this.setData({ loadingMore: true });
    const answer = await callFunction('listOrders', { limit: PAGE_SIZE, cursor: this.data.nextCursor });
    if (!answer.ok) {
      this.setData({ loadingMore: false });
      wx.showToast({ title: 'Could not load more', icon: 'none' });
      return;
    }
    this.setData({ loadingMore: false, orders: [...this.data.orders, ...answer.orders], nextCursor: answer.nextCursor });
  },

  onOpen(event: WechatMiniprogram.CustomEvent<{ orderNo: string }>) {
    wx.navigateTo({ url: `/pages/order/index?orderNo=${event.detail.orderNo}` });
  },
});
