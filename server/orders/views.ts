import type { ClientOrder } from '../../typings/contracts';
import type { OrderRecord } from './store';

/** An order as its owner may see it: no payUrl ticket, no NewPay identifiers, no errors' internals. */
export function toClientOrder(order: OrderRecord): ClientOrder {
  return {
    orderNo: order.orderNo,
    status: order.status,
    amount: { value: order.amount, currency: order.currency },
    items: order.items.map(({ sku, name, qty, price }) => ({ sku, name, qty, price: { value: price.value, currency: price.currency } })),
    createdAt: order.createdAt,
    ...(order.paidAt ? { paidAt: order.paidAt } : {}),
    ...(order.flags.length > 0 ? { flags: [...order.flags] } : {}),
  };
}
