import type { ClientOrder } from '../../../typings/contracts';

/** One order in a list: when, what, how much, and its status; emits `open` with the orderNo. */
Component({
  properties: { order: { type: Object, value: {} } },
  data: { when: '', summary: '' },
  observers: {
    order(this: WechatMiniprogram.Component.TrivialInstance, order: ClientOrder) {
      if (!order || !order.orderNo) return;
      const [first, ...rest] = order.items ?? [];
      this.setData({
        when: formatDate(order.createdAt),
        summary: first ? `${first.name} ×${first.qty}${rest.length > 0 ? ` +${rest.length}` : ''}` : order.orderNo,
      });
    },
  },
  methods: {
    open() {
      this.triggerEvent('open', { orderNo: (this.data.order as ClientOrder).orderNo });
    },
  },
});

function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
