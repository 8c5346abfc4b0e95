/** Builders for orders and products used across the backend tests. */
import type { Product } from '../../typings/contracts';
import type { OrderRecord, PaymentEvent } from '../../server/orders/store';

export const PRODUCTS: (Product & { active?: boolean })[] = [
  { sku: 'coffee', name: 'Lao coffee 250g', description: 'Bolaven plateau arabica', image: '/images/coffee.png', price: { value: '25000', currency: 'LAK' } },
  { sku: 'tea', name: 'Phongsaly tea', description: 'Wild-grown green tea', image: '/images/tea.png', price: { value: '18000', currency: 'LAK' } },
  { sku: 'mug', name: 'Mug', description: 'Stoneware', image: '/images/mug.png', price: { value: '40000', currency: 'LAK' } },
  { sku: 'retired', name: 'Old blend', description: 'No longer sold', image: '', price: { value: '1000', currency: 'LAK' }, active: false },
];

let sequence = 0;

export function orderRecord(overrides: Partial<OrderRecord> = {}): OrderRecord {
  sequence++;
  const createdAt = overrides.createdAt ?? 1_763_700_000_000 + sequence * 1000;
  return {
    _id: `id-${sequence}`,
    orderNo: `20261121000000000${String(sequence).padStart(12, '0')}`,
    openid: 'user-a',
    status: 'PENDING',
    currency: 'LAK',
    amount: '25000',
    items: [{ sku: 'coffee', name: 'Lao coffee 250g', qty: 1, price: { value: '25000', currency: 'LAK' } }],
    cartHash: 'hash',
    envVersion: 'release',
    createdAt,
    updatedAt: createdAt,
    expiresAt: createdAt + 30 * 60_000,
    leaseUntil: 0,
    attempts: 0,
    flags: [],
    ...overrides,
  };
}

/** A recorded notification request, as payNotify stores it: an empty JSON POST unless overridden. */
export function paymentEvent(overrides: Partial<PaymentEvent> = {}): PaymentEvent {
  return {
    receivedAt: 1,
    method: 'POST',
    path: '/newpay/notify',
    headers: [{ name: 'content-type', value: 'application/json' }],
    headersDropped: 0,
    rawBody: '',
    rawBodyEncoding: 'utf8',
    bodyBytes: 0,
    bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    bodyTruncated: false,
    verdict: 'RECEIVED',
    ...overrides,
  };
}
