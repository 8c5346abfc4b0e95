import { parseAmount } from '../../miniprogram/domain/money';
import { ExactNumber, parseExactObject } from '../../server/newpay/exactJson';
import { FIELD_FORMATS, findFieldProblem } from '../../server/newpay/fields';

const problem = (fields: Record<string, unknown>) => findFieldProblem(fields as never);

describe('findFieldProblem', () => {
  it.each([
    ['appId', ['6', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4', 'app-1', 'app_1'], ['', 'app 1', 'app&1', 'app=1', 'app/1', 'ແອັບ', 'a'.repeat(65)]],
    ['merchantId', ['mch-1'], ['', 'mch&x=1']],
    ['orderNo', ['20261121233632123ABCDEFGHIJKL', '202209067002502223'], ['', 'A-1', 'A'.repeat(33), 'A1&extra=']],
    ['refundOrderNo', ['R1'], ['R1&x=', 'R_1']],
    ['newpayOrderNo', ['202209210000006950', '1'], ['', '-1', '2022.0', '1'.repeat(33), '1&x=']],
    ['newpayRefundOrderNo', ['R2026112100000069501', '9001'], ['R1&x=', 'R 1']],
    ['orderAmt', ['25000', '123.00', '12.5', '12.50', '0.01', '0'], ['', '123.001', '1e3', '-1', '+1', '.5', '5.', '0123', '1 000', '1,000', '123.00&x=', '1'.repeat(19)]],
    ['refundOrderAmt', ['1000'], ['1000&currency=USD']],
    ['currency', ['LAK', 'USD'], ['', 'lak', 'EUR', 'CNY', 'LAK ', 'LAK&extra=']],
    ['transStatus', ['0', '1', '2'], ['', '00', '-1', '0&x=']],
    ['tranStatus', ['1'], ['1&x=']],
    ['timestamp', ['1663738614280'], ['', '2022-09-21', '1.5', '1663738614280&x=']],
    ['tranNo', ['T1001', 'SBX0000006950', ''], ['T&1', 'T=1']],
    ['tranAbbr', ['WXMINI'], ['WX=MINI']],
    ['payUrl', ['weixin://dl/business/?appid=wx1&path=pages/pay/index&query=a%3Db'], ['', 'weixin://x y', 'weixin://x\n', 'weixin://x\u3000']],
  ])('%s: accepts its documented format and refuses the rest', (key, good, bad) => {
    for (const value of good) expect([value, problem({ [key]: value })]).toEqual([value, undefined]);
    for (const value of bad) expect([value, problem({ [key]: value })]).toEqual([value, expect.stringContaining(key)]);
  });

  it('reads numbers as their exact token, as NewPay sends ids and amounts', () => {
    expect(problem(parseExactObject('{"appId":6,"newpayOrderNo":202209210000006950,"orderAmt":123.00,"transStatus":0}'))).toBeUndefined();
    expect(problem({ orderAmt: new ExactNumber('1e3') })).toMatch(/orderAmt must be a decimal amount/);
  });

  it('wants payUrl as a string, and every formatted field as a string or number', () => {
    expect(problem({ payUrl: new ExactNumber('12345') })).toBe('payUrl must be a string');
    expect(problem({ currency: true })).toBe('currency must be a string or number');
    expect(problem({ orderAmt: { value: '1.00' } })).toBe('orderAmt must be a string or number');
  });

  it('treats null as absent, as the string to sign does', () => {
    expect(problem({ merchantId: null, timestamp: null })).toBeUndefined();
  });

  it('leaves free text nobody acts on as it is', () => {
    expect(problem({ subject: 'Tea & Coffee = 2', transInfo: 'a=b&c', tranInfo: '&', extra: 'k=v', payMethod: 'x&y', settlementStatus: '1=2', package: 'prepay_id=wx21' })).toBeUndefined();
    expect(FIELD_FORMATS.has('subject')).toBe(false);
  });

  it.each(['currency=LAK&extra', 'a&b', 'a b', '', '1a', '__proto__', 'ແອັບ'])('refuses the field name %j', (key) => {
    expect(problem(parseExactObject(JSON.stringify({ [key]: '' })))).toMatch(/field name/);
  });

  it('quotes a bad value short and escaped, for logs', () => {
    expect(problem({ currency: `LAK\n${'x'.repeat(200)}` })).toBe(`currency must be LAK or USD, got ${JSON.stringify(`LAK\n${'x'.repeat(56)}…`)}`);
  });

  it('cuts a value at 60 characters: 60 are quoted whole, 61 end in "…"', () => {
    expect(problem({ currency: 'x'.repeat(60) })).toBe(`currency must be LAK or USD, got "${'x'.repeat(60)}"`);
    expect(problem({ currency: 'x'.repeat(61) })).toBe(`currency must be LAK or USD, got "${'x'.repeat(60)}…"`);
  });

  it.each([
    ['appId', 'app 1', 'an id of 1-64 letters, digits, "-" or "_"'],
    ['newpayRefundOrderNo', 'R 1', 'an id of 1-64 letters, digits, "-" or "_"'],
    ['orderNo', 'A-1', 'an order number of 1-32 letters and digits'],
    ['newpayOrderNo', '-1', '1-32 digits'],
    ['orderAmt', '1e3', 'a decimal amount such as 25000 or 123.00'],
    ['transStatus', '00', 'a one-digit status code'],
    ['timestamp', '2022-09-21', 'digits (milliseconds since the epoch)'],
    ['tranNo', 'T1&x=', 'text without "&" or "="'],
    ['payUrl', 'https://pay 1', 'a string without whitespace'],
  ])('tells the operator what %s must be', (key, value, rule) => {
    expect(problem({ [key]: value })).toBe(`${key} must be ${rule}, got ${JSON.stringify(value)}`);
  });

  it('agrees with money.parseAmount: every positive amount the format accepts is one it reads from NewPay (trailing zeros allowed)', () => {
    for (const text of ['25000', '123.00', '12.5', '12.50', '0.01']) {
      expect(problem({ orderAmt: text })).toBeUndefined();
      expect(() => parseAmount(text, 'USD', { acceptTrailingZeros: true })).not.toThrow();
    }
    expect(parseAmount('123.00', 'LAK', { acceptTrailingZeros: true }).minor).toBe(123);
  });
});
