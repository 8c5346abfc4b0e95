import type { OrderStatus } from '../../../typings/contracts';
import { statusLabel } from '../../services/orders';

const TONES: Record<OrderStatus, string> = { PAID: 'good', FAILED: 'bad', EXPIRED: 'bad', PAYING: 'wait', PENDING: 'wait' };

/** An order's status in words and colour. */
Component({
  properties: { status: { type: String, value: '' } },
  data: { label: '', tone: '' },
  observers: {
    status(this: WechatMiniprogram.Component.TrivialInstance, status: OrderStatus) {
      this.setData({ label: status ? statusLabel(status) : '', tone: TONES[status] ?? '' });
    },
  },
});
