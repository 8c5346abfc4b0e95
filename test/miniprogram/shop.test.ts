import * as path from 'node:path';
import simulate from 'miniprogram-simulate';

const root = path.resolve(__dirname, '../../miniprogram');

function renderShop() {
  jest.resetModules(); // simulate caches definitions per path; without this a second load renders nothing
  const id = simulate.load(path.join(root, 'pages/shop/index'), { compiler: 'simulate', rootPath: root });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

describe('shop page', () => {
  it('says there are no products when the catalog is empty', () => {
    const page = renderShop();
    expect(page.querySelector('.empty')?.dom?.textContent).toBe('No products yet.');
  });

  it('shows each product with its price in the currency people read', async () => {
    const page = renderShop();
    page.setData({
      products: [
        { sku: 'tea', name: 'Lao coffee', price: { value: '25000', currency: 'LAK' } },
        { sku: 'mug', name: 'Mug', price: { value: '12.50', currency: 'USD' } },
      ],
    });
    await simulate.sleep(0);
    expect(page.querySelector('.empty')).toBeUndefined();
    const prices = page.querySelectorAll('.product-price').map((p) => p.dom?.textContent?.trim());
    expect(prices).toEqual(['₭25,000', '$12.50']);
    expect(page.querySelectorAll('.name').map((n) => n.dom?.textContent)).toEqual(['Lao coffee', 'Mug']);
  });
});
