import { ConfigError, loadConfig } from '../../server/platform/config';
import { keyPath, keyText } from '../support/fixtures';

const complete = {
  STORE_CURRENCY: 'LAK',
  MAX_ORDER_AMOUNT: '5000000',
  NEWPAY_APP_ID: 'app-1',
  NEWPAY_MERCHANT_ID: 'mch-1',
  NEWPAY_MERCHANT_PRIVATE_KEY: keyText('merchant_private_pkcs8.pem'),
  NEWPAY_PLATFORM_PUBLIC_KEY_FILE: keyPath('platform_public.pem'),
  NEWPAY_BASE_URL: 'https://prod-openapi.newpay.la/',
  NEWPAY_NOTIFY_URL: 'https://shop.example.la/newpay/notify',
};

function problems(env: Record<string, string | undefined>, newpay = true): readonly string[] {
  try {
    loadConfig(env, { newpay });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('reads a complete configuration with its defaults', () => {
    const config = loadConfig(complete, { newpay: true });
    expect(config.store).toEqual({ currency: 'LAK', maxOrderAmount: { minor: 5000000, currency: 'LAK' }, orderTtlMs: 30 * 60_000, reconcileAfterMs: 10 * 60_000, latePaymentWindowMs: 72 * 3_600_000 });
    expect(config.newpay).toMatchObject({ appId: 'app-1', baseUrl: 'https://prod-openapi.newpay.la', envVersion: 'release', allowTrial: false, timeoutMs: 5000 });
  });

  it('lists everything missing at once', () => {
    expect(problems({})).toEqual([
      'STORE_CURRENCY: missing',
      'MAX_ORDER_AMOUNT: missing',
      'NEWPAY_APP_ID: missing',
      'NEWPAY_MERCHANT_ID: missing',
      'NEWPAY_MERCHANT_PRIVATE_KEY: missing (or set NEWPAY_MERCHANT_PRIVATE_KEY_FILE to a file that holds it)',
      'NEWPAY_PLATFORM_PUBLIC_KEY: missing (or set NEWPAY_PLATFORM_PUBLIC_KEY_FILE to a file that holds it)',
      'NEWPAY_BASE_URL: missing',
      'NEWPAY_NOTIFY_URL: missing',
    ]);
  });

  it('needs only the store settings for functions that do not call NewPay', () => {
    expect(problems({ STORE_CURRENCY: 'USD', MAX_ORDER_AMOUNT: '500.00' }, false)).toEqual([]);
  });

  it('explains malformed values without printing secrets', () => {
    const found = problems({
      ...complete,
      STORE_CURRENCY: 'LAK',
      MAX_ORDER_AMOUNT: '12.5',
      NEWPAY_MERCHANT_PRIVATE_KEY: keyText('platform_public.pem'),
      NEWPAY_BASE_URL: 'http://prod-openapi.newpay.la',
      NEWPAY_ENV_VERSION: 'develop',
      NEWPAY_ALLOW_TRIAL: 'yes',
      ORDER_TTL_MINUTES: '0',
    });
    expect(found).toEqual([
      'MAX_ORDER_AMOUNT: LAK amounts are whole numbers; got "12.5" (e.g. 5000000 for LAK, 500.00 for USD)',
      'ORDER_TTL_MINUTES: expected a whole number from 1 to 1440, got "0"',
      expect.stringMatching(/^NEWPAY_MERCHANT_PRIVATE_KEY is PEM labelled 'PUBLIC KEY' \(that is a public key\): expected an RSA private key/),
      'NEWPAY_BASE_URL: must be https (http is accepted only for 127.0.0.1/localhost), got "http://prod-openapi.newpay.la"',
      'NEWPAY_ENV_VERSION: expected release or trial, got "develop"',
      'NEWPAY_ALLOW_TRIAL: expected true or false, got "yes"',
    ]);
    expect(found.join('\n')).not.toContain(keyText('platform_public.pem').split('\n')[1]);
  });

  it('refuses a key given both inline and as a file, and names a missing key file', () => {
    expect(problems({ ...complete, NEWPAY_MERCHANT_PRIVATE_KEY_FILE: '/x.pem' })).toEqual(['NEWPAY_MERCHANT_PRIVATE_KEY and NEWPAY_MERCHANT_PRIVATE_KEY_FILE are both set: keep one']);
    expect(problems({ ...complete, NEWPAY_PLATFORM_PUBLIC_KEY_FILE: '/missing.pem' })).toEqual(['NEWPAY_PLATFORM_PUBLIC_KEY_FILE: cannot read public key file /missing.pem: ENOENT']);
  });

  it('accepts the local sandbox over http on loopback', () => {
    expect(problems({ ...complete, NEWPAY_BASE_URL: 'http://127.0.0.1:8787/newpay-sandbox', NEWPAY_NOTIFY_URL: 'http://localhost:8787/http/newpay/notify' })).toEqual([]);
  });
});
