import { listen, render, settle, tap, text, texts } from './support';

describe('price', () => {
  it.each([
    ['25000', 'LAK', '₭25,000'],
    ['123.00', 'LAK', '₭123'],
    ['12.5', 'USD', '$12.50'],
    ['1234567.89', 'USD', '$1,234,567.89'],
    ['abc', 'USD', '—'],
  ])('shows %s %s as %s', async (value, currency, shown) => {
    const price = render('components/price/index', { value, currency });
    await settle();
    expect(text(price, '.price')).toBe(shown);
  });
});

describe('quantity-stepper', () => {
  it('asks for one more or one fewer, never past its limits', async () => {
    const stepper = render('components/quantity-stepper/index', { value: 2, min: 1, max: 3 });
    const changes = listen<{ value: number }>(stepper, 'change');
    await tap(stepper, '.plus');
    await tap(stepper, '.minus');
    stepper.setData({ value: 3 });
    await tap(stepper, '.plus');
    stepper.setData({ value: 1 });
    await tap(stepper, '.minus');
    expect(changes).toEqual([{ value: 3 }, { value: 1 }]);
    expect(text(stepper, '.value')).toBe('1');
    expect(stepper.querySelector('.minus')!.dom!.className).toContain('off');
  });
});

describe('status-badge', () => {
  it.each([
    ['PAID', 'Paid', 'good'],
    ['PAYING', 'Awaiting payment', 'wait'],
    ['FAILED', 'Payment failed', 'bad'],
    ['EXPIRED', 'Expired', 'bad'],
  ])('shows %s as "%s"', async (status, label, tone) => {
    const badge = render('components/status-badge/index', { status });
    await settle();
    expect(text(badge, '.badge')).toBe(label);
    expect(badge.querySelector('.badge')!.dom!.className).toContain(tone);
  });
});

describe('product-card', () => {
  it('shows name, description and price, and hands the product over on Add', async () => {
    const product = { sku: 'tea', name: 'ຊາ Phongsaly tea', description: 'Green tea', image: '', price: { value: '48000', currency: 'LAK' } };
    const card = render('components/product-card/index', { product });
    const added = listen<{ product: unknown }>(card, 'add');
    await settle();
    expect([text(card, '.name'), text(card, '.description'), text(card, '.price')]).toEqual(['ຊາ Phongsaly tea', 'Green tea', '₭48,000']);
    await tap(card, '.add');
    expect(added).toEqual([{ product }]);
  });
});

describe('order-card', () => {
  it('summarises an order and opens it on tap', async () => {
    const { order } = await import('./fixtures');
    const card = render('components/order-card/index', { order: order() });
    const opened = listen<{ orderNo: string }>(card, 'open');
    await settle();
    expect(text(card, '.summary')).toBe('Bolaven coffee ×2 +1');
    expect(texts(card, '.amount')).toEqual(['₭178,000']);
    expect(text(card, '.status')).toBe('Awaiting payment');
    expect(text(card, '.when')).toMatch(/^2026-11-21 \d\d:00$/);
    await tap(card, '.card');
    expect(opened).toEqual([{ orderNo: '20261121100000000ABCDEFGHIJKL' }]);
  });
});
