/** Reading orders back from the server, the only source of truth about payment. */
import type { ClientOrder, OrderStatus } from '../../typings/contracts';
import { callFunction } from './cloud';

export const FINAL: readonly OrderStatus[] = ['PAID', 'FAILED', 'EXPIRED'];
/** Backoff between checks after the user comes back from paying: about 15 s in all. */
export const POLL_DELAYS_MS = [0, 1000, 2000, 4000, 8000];

/**
 * Asks for the order until it is final or the delays run out; `onUpdate` sees every answer.
 * Returns the last order seen (null when none could be read).
 */
export async function pollOrder(orderNo: string, onUpdate: (order: ClientOrder) => void, delays: readonly number[] = POLL_DELAYS_MS): Promise<ClientOrder | null> {
  let last: ClientOrder | null = null;
  for (const delay of delays) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const answer = await callFunction('getOrder', { orderNo });
    if (answer.ok) {
      last = answer.order;
      onUpdate(answer.order);
      if (FINAL.includes(answer.order.status)) return last;
    } else if (answer.error.code === 'NOT_FOUND') {
      return last;
    }
  }
  return last;
}

const LABELS: Record<OrderStatus, string> = {
  PENDING: 'Preparing payment',
  PAYING: 'Awaiting payment',
  PAID: 'Paid',
  FAILED: 'Payment failed',
  EXPIRED: 'Expired',
};

export function statusLabel(status: OrderStatus): string {
  return LABELS[status] ?? status;
}
