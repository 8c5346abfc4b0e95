import type { ClientOrder, Product } from '../../typings/contracts';

export const PRODUCTS: Product[] = [
  { sku: 'coffee', name: 'Bolaven coffee', description: 'Arabica', image: '', price: { value: '65000', currency: 'LAK' } },
  { sku: 'tea', name: 'ຊາ Phongsaly tea', description: 'Green tea', image: '', price: { value: '48000', currency: 'LAK' } },
];

export function order(overrides: Partial<ClientOrder> = {}): ClientOrder {
  return {
    orderNo: '20261121100000000ABCDEFGHIJKL',
    status: 'PAYING',
    amount: { value: '178000', currency: 'LAK' },
    items: [
      { sku: 'coffee', name: 'Bolaven coffee', qty: 2, price: { value: '65000', currency: 'LAK' } },
      { sku: 'tea', name: 'ຊາ Phongsaly tea', qty: 1, price: { value: '48000', currency: 'LAK' } },
    ],
    createdAt: Date.parse('2026-11-21T10:00:00Z'),
    ...overrides,
  };
}

export const NAVIGATE = { kind: 'navigate', appId: 'wxCASHIER', path: 'pages/cashier/index?newpayOrderNo=202611210000006950', envVersion: 'trial' } as const;
