/**
 * Tests written to kill the mutants that survived `npm run mutation` in the pure modules of the money
 * path (issue 16): NewPay's codes and errors, key loading, signatures, the canonical string, the
 * launch decision, order numbers, pricing and money. Each states a behaviour a caller relies on.
 */
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Product } from '../../typings/contracts';
import { addMoney, AmountError, CURRENCIES, displayMoney, formatAmount, isCurrency, MINOR_DIGITS, multiplyMoney, parseAmount, parseCurrency, sameMoney, zeroMoney } from '../../miniprogram/domain/money';
import { isValidOrderNo, newOrderNo } from '../../server/core/orderNo';
import { orderSubject, priceCart, readCartLines } from '../../server/core/pricing';
import { canonicalString, hasEmptyStringField } from '../../server/newpay/canonical';
import { describeCode, NEWPAY_CODES, NewPayReason } from '../../server/newpay/codes';
import {
  MalformedNotificationError,
  NewPayBusinessError,
  NewPayProtocolError,
  NewPaySignatureError,
  NewPayTransportError,
  NotificationSignatureError,
} from '../../server/newpay/errors';
import { ExactNumber } from '../../server/newpay/exactJson';
import { KeyFormatError, loadKeyFile, loadPrivateKey, loadPublicKey } from '../../server/newpay/keys';
import { decideLaunch } from '../../server/newpay/launch';
import { signString, verifyString } from '../../server/newpay/signature';
import { caught, caughtAppError } from '../support/caught';
import { keyText, merchantPrivateKey, merchantPublicKey } from '../support/fixtures';
import { PRODUCTS } from '../support/orders';

/** The codes of NewPay's published table ("9. Business Code", shared/reference/newpay.md §7). */
const PUBLISHED = [
  'E9008', 'E9999', 'B11095', 'Z00001', 'Z00003', 'Z00004', 'Z00005', 'Z00007', 'Z00011', 'Z00013', 'Z00016', 'Z00018', 'Z00020',
  'Z00021', 'Z00044', 'Z00023', 'Z00025', 'Z00032', 'Z00035', 'Z00038', 'Z00043', 'Z00039', 'Z00046', 'Z00047', 'Z00048', 'Z00049',
  'Z00051', 'Z00053', 'Z00055', 'Z01002', 'Z01004', 'Z01005', 'Z01008', 'Z01009', 'Z01010', 'Z01011', 'Z01012', 'Z01017', 'Z01018',
  'Z01020', 'Z01022', 'Z01023', 'Z01026', 'Z01028',
];
const REASONS: readonly NewPayReason[] = [
  'ORDER_NOT_FOUND', 'UNKNOWN', 'ILLEGAL_REQUEST', 'BAD_APP_ID', 'BAD_TIMESTAMP', 'BAD_SIGNATURE', 'BAD_FIELD', 'BAD_CURRENCY', 'BAD_AMOUNT',
  'BAD_MERCHANT_ID', 'BAD_ORDER_NO', 'BAD_CALLBACK_URL', 'TRANSACTION_FAILED', 'WHITELIST', 'CHANNEL_NOT_SUPPORTED', 'REFUND_NOT_SUPPORTED',
  'BAD_REFUND', 'ACCOUNT_PROBLEM', 'ORDER_COMPLETED', 'ORDER_EXPIRED', 'ORDER_FAILED', 'ORDER_CANCELLED', 'DUPLICATE_ORDER_NO', 'DUPLICATE_REFUND_NO',
];

describe("NewPay's business codes", () => {
  it('knows every code NewPay publishes, and no other', () => {
    expect(Object.keys(NEWPAY_CODES).sort()).toEqual([...PUBLISHED].sort());
  });

  it.each(PUBLISHED)('%s has a reason and a description an operator can act on', (code) => {
    const info = describeCode(code);
    expect(REASONS).toContain(info.reason);
    expect(info.description.length).toBeGreaterThan(5);
    expect(new NewPayBusinessError(code, '', 'createOpenMini').message).toBe(`NewPay createOpenMini refused with ${code}: ${info.description}`);
  });

  it('only the unknown error (E9999) is worth sending again unchanged; every other code needs a change on our side', () => {
    expect(PUBLISHED.filter((code) => describeCode(code).retryable)).toEqual(['E9999']);
  });

  it.each([
    ['E9008', 'ORDER_NOT_FOUND'],
    ['Z00051', 'ORDER_NOT_FOUND'],
    ['Z01028', 'DUPLICATE_ORDER_NO'],
    ['Z01026', 'DUPLICATE_REFUND_NO'],
    ['E9999', 'UNKNOWN'],
    ['Z00005', 'BAD_SIGNATURE'],
    ['Z00007', 'BAD_SIGNATURE'],
    ['Z00018', 'BAD_AMOUNT'],
    ['Z00020', 'BAD_AMOUNT'],
    ['Z00016', 'BAD_CURRENCY'],
    ['Z00046', 'WHITELIST'],
  ])('%s means %s (the reasons the order services act on)', (code, reason) => {
    expect(describeCode(code).reason).toBe(reason);
  });

  it('a code NewPay adds later is UNLISTED, not retryable, and named in its description', () => {
    expect(describeCode('Z99999')).toEqual({ reason: 'UNLISTED', retryable: false, description: "code Z99999 is not in NewPay's published table" });
  });
});

describe('NewPay errors', () => {
  it("a business refusal says what NewPay said, and is a definite outcome except for NewPay's unknown error", () => {
    const refused = new NewPayBusinessError('Z00018', 'orderAmt illegal', 'createOpenMini');
    expect(refused).toMatchObject({ name: 'NewPayBusinessError', code: 'Z00018', reason: 'BAD_AMOUNT', retryable: false, outcomeUnknown: false, operation: 'createOpenMini', newpayMessage: 'orderAmt illegal' });
    expect(refused.message).toBe('NewPay createOpenMini refused with Z00018: orderAmt illegal (NewPay said: orderAmt illegal)');
    expect(new NewPayBusinessError('E9999', '', 'queryOrder')).toMatchObject({ retryable: true, outcomeUnknown: true });
  });

  it('a transport failure is retryable with an unknown outcome: query before sending again', () => {
    const error = new NewPayTransportError('HTTP_STATUS', 'createOpenMini', 'HTTP 502', 502);
    expect(error).toMatchObject({ name: 'NewPayTransportError', code: 'NEWPAY_UNREACHABLE', retryable: true, outcomeUnknown: true, failure: 'HTTP_STATUS', httpStatus: 502 });
    expect(error.message).toBe('NewPay createOpenMini: HTTP 502; the outcome is unknown, query the order before retrying');
  });

  it('an answer that does not verify, or does not read, is not retryable as is, and its outcome is unknown', () => {
    expect(new NewPaySignatureError('queryOrder')).toMatchObject({ name: 'NewPaySignatureError', code: 'NEWPAY_BAD_SIGNATURE', retryable: false, outcomeUnknown: true, operation: 'queryOrder' });
    expect(new NewPaySignatureError('queryOrder').message).toMatch(/^NewPay queryOrder: the answer's signature does not verify with the platform public key/);
    const protocol = new NewPayProtocolError('queryOrder', 'data.orderNo is missing');
    expect(protocol).toMatchObject({ name: 'NewPayProtocolError', code: 'NEWPAY_BAD_ANSWER', retryable: false, outcomeUnknown: true });
    expect(protocol.message).toBe('NewPay queryOrder: unexpected answer: data.orderNo is missing');
  });

  it('notification errors carry the HTTP status NewPay is answered with', () => {
    expect(new MalformedNotificationError('x')).toMatchObject({ name: 'MalformedNotificationError', code: 'MALFORMED_NOTIFICATION', httpStatus: 400 });
    expect(new NotificationSignatureError('x')).toMatchObject({ name: 'NotificationSignatureError', code: 'BAD_NOTIFICATION_SIGNATURE', httpStatus: 401 });
  });
});

describe('money', () => {
  const problemOf = (fn: () => unknown): AmountError => {
    const error = caught(fn);
    if (error instanceof AmountError) return error;
    throw error;
  };

  it('knows LAK and USD, with their decimal places', () => {
    expect(CURRENCIES).toEqual(['LAK', 'USD']);
    expect(MINOR_DIGITS).toEqual({ LAK: 0, USD: 2 });
    expect(parseCurrency('USD')).toBe('USD');
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('LAK')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(problemOf(() => parseCurrency('CNY')).message).toBe('unknown currency "CNY": expected LAK or USD');
  });

  it('an invalid amount is an AmountError with the code INVALID_AMOUNT', () => {
    expect(problemOf(() => parseAmount('x', 'LAK'))).toMatchObject({ name: 'AmountError', code: 'INVALID_AMOUNT', problem: 'MALFORMED' });
  });

  it.each([
    [12.5, 'USD', 'amount must be a decimal string, got number'],
    ['', 'LAK', 'amount is empty'],
    ['1e3', 'LAK', 'amount "1e3" is not a plain decimal number like "25000" or "12.50"'],
    ['123.5', 'LAK', 'LAK amounts are whole numbers; got "123.5"'],
    ['1.005', 'USD', 'USD amounts have at most 2 decimal places; got "1.005"'],
    ['1000000000000000', 'LAK', 'amount "1000000000000000" is too large'],
    ['0.00', 'USD', 'amount must be greater than zero; got "0.00"'],
  ] as const)('explains why %j is not a %s amount (operators read it in MISCONFIGURED prices)', (text, currency, message) => {
    expect(problemOf(() => parseAmount(text, currency)).message).toBe(message);
  });

  it('names the maximum an amount is above', () => {
    const max = parseAmount('500.00', 'USD');
    expect(problemOf(() => parseAmount('500.01', 'USD', { max })).message).toBe('amount 500.01 USD is above the maximum of 500.00 USD');
  });

  it('counts every significant digit, up to 15, leading zeros of a cent amount aside', () => {
    expect(parseAmount('0.05', 'USD').minor).toBe(5);
    expect(parseAmount('9999999999999.99', 'USD').minor).toBe(999999999999999);
    expect(problemOf(() => parseAmount('10000000000000.00', 'USD')).problem).toBe('TOO_LARGE');
  });

  it('is the same money only in the same currency and amount', () => {
    expect(sameMoney({ minor: 100, currency: 'LAK' }, { minor: 100, currency: 'USD' })).toBe(false);
    expect(sameMoney({ minor: 100, currency: 'LAK' }, { minor: 101, currency: 'LAK' })).toBe(false);
    expect(sameMoney({ minor: 100, currency: 'USD' }, { minor: 100, currency: 'USD' })).toBe(true);
  });

  it('multiplies by zero to nothing, and refuses a negative quantity', () => {
    const price = parseAmount('12.50', 'USD');
    expect(multiplyMoney(price, 0)).toEqual({ minor: 0, currency: 'USD' });
    expect(() => multiplyMoney(price, -1)).toThrow(RangeError);
    expect(multiplyMoney(price, 2)).toEqual({ minor: 2500, currency: 'USD' });
    expect(addMoney(zeroMoney('USD'), price)).toEqual({ minor: 1250, currency: 'USD' });
    expect(caught(() => multiplyMoney(price, -1)).message).toBe('quantity must be a non-negative integer, got -1');
    expect(problemOf(() => addMoney(price, zeroMoney('LAK'))).message).toBe('cannot combine USD with LAK');
  });

  it('never writes an amount outside the exact integer range', () => {
    expect(formatAmount({ minor: 0, currency: 'LAK' })).toBe('0');
    expect(problemOf(() => formatAmount({ minor: -1, currency: 'LAK' })).problem).toBe('TOO_LARGE');
    expect(problemOf(() => formatAmount({ minor: 1.5, currency: 'USD' })).problem).toBe('TOO_LARGE');
    expect(problemOf(() => addMoney({ minor: Number.MAX_SAFE_INTEGER, currency: 'LAK' }, { minor: 1, currency: 'LAK' })).message).toBe(`amount out of exact range: ${Number.MAX_SAFE_INTEGER + 1}`);
  });

  it('groups thousands only where there are thousands', () => {
    expect(displayMoney({ minor: 999, currency: 'LAK' })).toBe('₭999');
    expect(displayMoney({ minor: 1000, currency: 'LAK' })).toBe('₭1,000');
    expect(displayMoney({ minor: 5, currency: 'USD' })).toBe('$0.05');
    expect(displayMoney({ minor: 100000, currency: 'USD' })).toBe('$1,000.00');
  });
});

describe('key loading', () => {
  const keyError = (fn: () => unknown): KeyFormatError => {
    const error = caught(fn);
    if (error instanceof KeyFormatError) return error;
    throw error;
  };
  const body = (pem: string) => pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join('');
  const PRIVATE_EXPECTED = "expected an RSA private key as PEM ('BEGIN PRIVATE KEY' PKCS#8 or 'BEGIN RSA PRIVATE KEY' PKCS#1) or header-less base64 DER";
  const PUBLIC_EXPECTED = "expected an RSA public key as PEM ('BEGIN PUBLIC KEY' SPKI or 'BEGIN RSA PUBLIC KEY' PKCS#1) or header-less base64 DER";

  it('says what it expected, for a private and a public key, under a default name', () => {
    expect(keyError(() => loadPrivateKey(''))).toMatchObject({ name: 'KeyFormatError', code: 'KEY_FORMAT', message: `private key is empty: ${PRIVATE_EXPECTED}` });
    expect(keyError(() => loadPublicKey('')).message).toBe(`public key is empty: ${PUBLIC_EXPECTED}`);
    expect(keyError(() => loadPublicKey(' \n\t ')).message).toBe(`public key is empty: ${PUBLIC_EXPECTED}`);
    expect(keyError(() => loadPrivateKey(undefined as unknown as string)).message).toBe(`private key is empty: ${PRIVATE_EXPECTED}`);
  });

  it('names a key file in errors about its content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-keys-'));
    writeFileSync(join(dir, 'junk.pem'), 'hello world');
    expect(keyError(() => loadKeyFile(join(dir, 'junk.pem'), 'public')).message).toBe(`public key file ${join(dir, 'junk.pem')} is neither PEM nor base64: ${PUBLIC_EXPECTED}`);
  });

  it('reads PEM from an environment variable in single quotes, with literal \\r\\n line ends', () => {
    const crlf = keyText('merchant_private_pkcs8.pem').replace(/\n/g, '\\r\\n');
    expect(loadPrivateKey(`'${crlf}'`).asymmetricKeyType).toBe('rsa');
  });

  it('names the PEM type whose content is corrupt', () => {
    expect(keyError(() => loadPrivateKey('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----')).message).toBe(`private key is PEM labelled 'RSA PRIVATE KEY' but its content is not a valid PKCS1 key: ${PRIVATE_EXPECTED}`);
    expect(keyError(() => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).message).toBe(`public key is PEM labelled 'PUBLIC KEY' but its content is not a valid SPKI key: ${PUBLIC_EXPECTED}`);
    expect(keyError(() => loadPublicKey('-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----')).message).toBe(`public key is PEM labelled 'RSA PUBLIC KEY' but its content is not a valid PKCS1 key: ${PUBLIC_EXPECTED}`);
  });

  it('refuses a footer that does not match its header', () => {
    const mismatched = keyText('merchant_private_pkcs8.pem').replace('-----END PRIVATE KEY-----', '-----END PUBLIC KEY-----');
    expect(keyError(() => loadPrivateKey(mismatched)).message).toBe(`private key has a PEM header without a matching footer: ${PRIVATE_EXPECTED}`);
  });

  it('recognises a PKCS#1 key encrypted with a passphrase by its Proc-Type header', () => {
    for (const header of ['Proc-Type: 4,ENCRYPTED', 'Proc-Type:4,ENCRYPTED']) {
      const encrypted = `-----BEGIN RSA PRIVATE KEY-----\n${header}\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----`;
      expect(keyError(() => loadPrivateKey(encrypted)).message).toBe(`private key is encrypted with a passphrase: ${PRIVATE_EXPECTED} (decrypt it with 'openssl pkey')`);
    }
  });

  it('gives no hint about the other kind for a label that is neither', () => {
    const request = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----';
    expect(keyError(() => loadPrivateKey(request)).message).toBe(`private key is PEM labelled 'CERTIFICATE REQUEST': ${PRIVATE_EXPECTED}`);
  });

  it('refuses base64 whose length is not a multiple of 4', () => {
    expect(keyError(() => loadPublicKey('QUJDRA')).message).toBe(`public key is neither PEM nor base64: ${PUBLIC_EXPECTED}`);
    expect(keyError(() => loadPublicKey('!AAA')).message).toBe(`public key is neither PEM nor base64: ${PUBLIC_EXPECTED}`);
    expect(keyError(() => loadPublicKey('AAA!')).message).toBe(`public key is neither PEM nor base64: ${PUBLIC_EXPECTED}`);
  });

  it('reads bare base64 in quotes, wrapped, with blanks around the quotes', () => {
    const wrapped = keyText('merchant_public_spki.b64').trim().replace(/(.{64})/g, '$1\n');
    expect(loadPublicKey(` "${wrapped}" \n`).asymmetricKeyType).toBe('rsa');
    expect(loadPublicKey(`'${wrapped}'`).asymmetricKeyType).toBe('rsa');
  });

  it('gives no hint when base64 decodes as no key at all', () => {
    const junk = Buffer.from('not a key at all').toString('base64');
    expect(keyError(() => loadPrivateKey(junk)).message).toBe(`private key is base64 but not a DER-encoded RSA private key: ${PRIVATE_EXPECTED}`);
    expect(keyError(() => loadPublicKey(junk)).message).toBe(`public key is base64 but not a DER-encoded RSA public key: ${PUBLIC_EXPECTED}`);
  });

  it('loads PKCS#1 DER given as bare base64, and says when the DER is the other kind of key', () => {
    expect(loadPublicKey(body(keyText('merchant_public_pkcs1.pem'))).asymmetricKeyType).toBe('rsa');
    expect(loadPrivateKey(body(keyText('merchant_private_pkcs1.pem'))).asymmetricKeyType).toBe('rsa');
    expect(keyError(() => loadPrivateKey(body(keyText('merchant_public_pkcs1.pem')))).message).toBe(`private key is base64 but not a DER-encoded RSA private key (it decodes as a public key): ${PRIVATE_EXPECTED}`);
  });

  it('refuses a public key that is not RSA', () => {
    const ecPublic = createPublicKey(keyText('ec_private.pem')).export({ type: 'spki', format: 'pem' }).toString();
    expect(keyError(() => loadPublicKey(ecPublic)).message).toBe(`public key is a ec key: ${PUBLIC_EXPECTED}`);
  });
});

describe('signatures', () => {
  it('tolerates spaces and CRLF inside a base64 signature, not other characters', () => {
    const signature = signString('a=1', merchantPrivateKey);
    expect(verifyString('a=1', signature.replace(/(.{76})/g, '$1\r\n'), merchantPublicKey)).toBe(true);
    expect(verifyString('a=1', signature.replace(/(.{10})/g, '$1 '), merchantPublicKey)).toBe(true);
    expect(verifyString('a=1', signature.replace(/(.{10})/g, '$1\t'), merchantPublicKey)).toBe(false);
    expect(verifyString('a=1', ' \r\n', merchantPublicKey)).toBe(false);
    expect(signature).toMatch(/[+/]/); // deterministic (PKCS#1 v1.5): it has characters that base64url writes differently
    expect(verifyString('a=1', signature.replace(/\+/g, '-').replace(/\//g, '_'), merchantPublicKey)).toBe(false);
  });

  it('refuses a signature whose padding is wrong', () => {
    const signature = signString('a=1', merchantPrivateKey); // 256 bytes: ends with "=="
    expect(signature.endsWith('==')).toBe(true);
    expect(verifyString('a=1', `${signature.slice(0, -2)}A=`, merchantPublicKey)).toBe(false);
    expect(verifyString('a=1', `${signature}==`, merchantPublicKey)).toBe(false);
    expect(verifyString('a=1', signature.slice(0, -2), merchantPublicKey)).toBe(false); // unpadded: not standard base64
  });
});

describe('canonical string', () => {
  it('is an error of its own kind', () => {
    expect(caught(() => canonicalString([] as unknown as Record<string, unknown>)).message).toBe('only a JSON object can be signed');
    expect(caught(() => canonicalString({ a: Number.POSITIVE_INFINITY }))).toMatchObject({ name: 'CanonicalError', message: 'a is not a finite number' });
  });

  it('an empty sign is not an empty field', () => {
    expect(hasEmptyStringField({ sign: '', a: '1' })).toBe(false);
    expect(hasEmptyStringField({ sign: 'x', a: '' })).toBe(true);
  });

  it('writes nested values as compact sorted JSON: nulls, strings escaped, booleans, numbers, holes', () => {
    const nested = { obj: { b: 'say "hi"', a: null, c: true, d: undefined, e: [1, undefined, false, 'x'], f: new ExactNumber('1.50'), g: 7n } };
    expect(canonicalString(nested)).toBe('obj={"a":null,"b":"say \\"hi\\"","c":true,"e":[1,null,false,"x"],"f":1.50,"g":7}');
    expect(canonicalString({ flag: false, n: 0.5 })).toBe('flag=false&n=0.5');
  });

  it('names where a value JSON cannot carry is', () => {
    expect(caught(() => canonicalString({ v: { list: [1, Number.NaN] } })).message).toBe('v.list[1] is not a finite number');
    expect(caught(() => canonicalString({ v: { f: () => 1 } })).message).toBe('v.f has a value that JSON cannot carry (function)');
    expect(caught(() => canonicalString({ s: Symbol('x') })).message).toBe('s has a value that JSON cannot carry (symbol)');
  });

  it('names where a value nests too deep, cutting a long path at 80 characters', () => {
    const nest = (key: string, levels: number): Record<string, unknown> => {
      let value: unknown = 1;
      for (let i = 1; i < levels; i++) value = { [key]: value };
      return { v: value };
    };
    const short = `v${'.a'.repeat(31)}`;
    expect(caught(() => canonicalString(nest('a', 34))).message).toBe(`${short} is nested deeper than 32 levels`);
    const long = `v${'.abcdef'.repeat(31)}`;
    expect(caught(() => canonicalString(nest('abcdef', 34))).message).toBe(`${long.slice(0, 80)}… is nested deeper than 32 levels`);
    const exactly80 = { ['k'.repeat(18)]: nest('a', 34).v };
    expect(caught(() => canonicalString(exactly80)).message).toBe(`${'k'.repeat(18)}${'.a'.repeat(31)} is nested deeper than 32 levels`);
  });
});

describe('launch decision', () => {
  const context = { orderNo: 'ORDER1', envVersion: 'trial' as const, ownAppId: 'wxOURS' };

  it('takes the scheme with or without the slash before "?", and only at the start', () => {
    expect(decideLaunch('weixin://dl/business?appid=wxCASHIER&path=p/index', context)).toMatchObject({ kind: 'navigate', appId: 'wxCASHIER', path: 'p/index' });
    const embedded = 'https://evil.example/?weixin://dl/business/?appid=wxCASHIER&path=p/index';
    expect(decideLaunch(embedded, context)).toEqual({ kind: 'external', url: embedded });
  });

  it('needs an appid as well as a path', () => {
    const web = 'https://pay.example/cashier?appid=wxEVIL&path=p/index&next=weixin://dl/business/?';
    expect(decideLaunch(web, context)).toEqual({ kind: 'external', url: web });
    const url = 'weixin://dl/business/?path=pages/pay/index';
    expect(decideLaunch(url, context)).toEqual({ kind: 'external', url });
  });

  it("keeps the scheme's release even for a trial order, and strips a leading slash before the query", () => {
    expect(decideLaunch('weixin://dl/business/?appid=wxC&path=/p/index&query=a%3D1&env_version=release', context)).toEqual({ kind: 'navigate', appId: 'wxC', path: 'p/index?a=1', envVersion: 'release' });
  });

  it('navigates when our own AppID is unknown', () => {
    expect(decideLaunch('weixin://dl/business/?appid=wxC&path=p', { orderNo: 'O', envVersion: 'release' })).toMatchObject({ kind: 'navigate', appId: 'wxC' });
  });
});

describe('order numbers', () => {
  it('rejects the random bytes that would bias the alphabet (252 to 255), and asks for more', () => {
    let calls = 0;
    const biasedThenZ = (size: number) => new Uint8Array(size).fill(calls++ === 0 ? 252 : 35);
    expect(newOrderNo(new Date('2026-11-21T00:00:00.000Z'), biasedThenZ)).toBe('20261121000000000ZZZZZZZZZZZZ');
    expect(calls).toBe(2);
  });

  it('accepts up to 32 letters and digits, and only strings', () => {
    expect(isValidOrderNo('A'.repeat(32))).toBe(true);
    expect(isValidOrderNo('a')).toBe(true);
    expect(isValidOrderNo(['ORDER1'])).toBe(false);
    expect(isValidOrderNo(20261121)).toBe(false);
  });
});

describe('cart and pricing', () => {
  const catalog = new Map<string, Product>(PRODUCTS.filter((p) => p.active !== false).map((p) => [p.sku, p]));
  const rules = { currency: 'LAK' as const, maxOrderAmount: parseAmount('1000000', 'LAK') };
  const appError = caughtAppError;

  it('takes skus of 1 to 64 characters', () => {
    expect(readCartLines([{ sku: 's'.repeat(64), qty: 1 }])).toEqual([{ sku: 's'.repeat(64), qty: 1 }]);
    expect(appError(() => readCartLines([{ sku: 's'.repeat(65), qty: 1 }]))).toMatchObject({ code: 'INVALID_REQUEST', message: 'every cart line needs a sku' });
    expect(appError(() => readCartLines([{ sku: '', qty: 1 }])).code).toBe('INVALID_REQUEST');
    expect(appError(() => readCartLines([null])).code).toBe('INVALID_REQUEST');
  });

  it('takes up to 50 products and 99 of each, and says so', () => {
    expect(readCartLines(Array.from({ length: 50 }, (_, i) => ({ sku: `s${i}`, qty: 99 })))).toHaveLength(50);
    expect(readCartLines([{ sku: 'coffee', qty: 50 }, { sku: 'coffee', qty: 49 }])).toEqual([{ sku: 'coffee', qty: 99 }]);
    expect(appError(() => readCartLines(Array.from({ length: 51 }, (_, i) => ({ sku: `s${i}`, qty: 1 })))).message).toBe('a cart holds at most 50 different products');
    expect(appError(() => readCartLines([{ sku: 'tea', qty: 100 }])).message).toBe('quantity of tea must be a whole number from 1 to 99');
    expect(appError(() => readCartLines([{ sku: 'tea', qty: 60 }, { sku: 'tea', qty: 40 }])).message).toBe('quantity of tea must be a whole number from 1 to 99');
    expect(appError(() => readCartLines('coffee')).message).toBe('items must be a list of {sku, qty}');
    expect(appError(() => readCartLines([])).message).toBe('the cart is empty');
  });

  it('names the limit a total is over', () => {
    expect(appError(() => priceCart([{ sku: 'mug', qty: 26 }], catalog, rules)).message).toBe('orders are limited to 1000000 LAK');
  });

  it('reports a catalog price that is not a valid amount as a configuration problem, saying why', () => {
    const broken = new Map(catalog).set('coffee', { ...PRODUCTS[0]!, price: { value: '25000.5', currency: 'LAK' } });
    expect(appError(() => priceCart([{ sku: 'coffee', qty: 1 }], broken, rules))).toMatchObject({ code: 'MISCONFIGURED', message: 'product coffee has an invalid price: LAK amounts are whole numbers; got "25000.5"' });
  });

  it('gives an empty order no subject, and cuts a long first name at 40 characters', () => {
    expect(orderSubject([])).toBe('');
    const long = { sku: 'x', name: 'N'.repeat(60), qty: 2, price: { value: '1', currency: 'LAK' as const } };
    expect(orderSubject([long])).toBe(`${'N'.repeat(40)} ×2`);
  });
});
