/**
 * The sandbox cashier page in headless Chromium (Debian's chromium, installed by .ci/run): a person
 * sees the merchant, subject, amount and currency, clicks Pay, and the order becomes PAID.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { CART, driveStack, StackDriver } from '../support/stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium, so there the test must run; elsewhere it says why it did not.
const available = existsSync(CHROMIUM) || process.env.CI === 'true';
const maybe = available ? describe : describe.skip;
if (!available) console.warn(`cashier browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

maybe('cashier page in Chromium', () => {
  let d: StackDriver;
  let browser: Browser;
  beforeAll(async () => {
    d = await driveStack();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await d?.stop();
  });

  it('shows the order and pays it with a click', async () => {
    const created = await d.call('createPayment', { items: CART, idempotencyKey: 'browser-checkout-1' });
    if (!created.ok) throw new Error(created.error.message);
    const page = await browser.newPage();
    await page.goto(d.cashier(created.launch));
    expect(await page.textContent('#merchant')).toBe('Local shop');
    expect(await page.textContent('#subject')).toBe('Bolaven coffee 250 g ×2 and 1 more');
    expect(await page.textContent('#amount')).toBe('₭220,000');
    expect(await page.textContent('#currency')).toBe('LAK');
    await page.click('#pay');
    await page.waitForSelector('#result:has-text("Payment successful")');
    expect(await page.isDisabled('#pay')).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'newpay-cashier.png') });
    expect(await d.waitForStatus(created.order.orderNo, ['PAID'])).toBe('PAID');
  }, 30_000);
});
