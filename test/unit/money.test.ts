import { caught } from '../support/caught';
import { addMoney, AmountError, displayMoney, formatAmount, multiplyMoney, parseAmount, parseCurrency, sameMoney } from '../../miniprogram/domain/money';

const problem = (fn: () => unknown): string => {
  const error = caught(fn);
  if (error instanceof AmountError) return error.problem;
  throw error;
};

describe('parseAmount', () => {
  it.each([
    ['25000', 'LAK', 25000],
    ['1', 'LAK', 1],
    ['12.50', 'USD', 1250],
    ['12.5', 'USD', 1250],
    ['12', 'USD', 1200],
    ['0.01', 'USD', 1],
    ['999999999999999', 'LAK', 999999999999999],
  ] as const)('reads %s %s as %d minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ minor, currency });
  });

  it.each([
    ['0', 'LAK', 'NOT_POSITIVE'],
    ['0.00', 'USD', 'NOT_POSITIVE'],
    ['-5', 'LAK', 'MALFORMED'],
    ['+5', 'LAK', 'MALFORMED'],
    ['1e3', 'LAK', 'MALFORMED'],
    ['1E3', 'USD', 'MALFORMED'],
    ['0x10', 'LAK', 'MALFORMED'],
    [' 5', 'LAK', 'MALFORMED'],
    ['5 ', 'LAK', 'MALFORMED'],
    ['1,000', 'LAK', 'MALFORMED'],
    ['.5', 'USD', 'MALFORMED'],
    ['5.', 'USD', 'MALFORMED'],
    ['05', 'LAK', 'MALFORMED'],
    ['abc', 'LAK', 'MALFORMED'],
    ['NaN', 'USD', 'MALFORMED'],
    ['Infinity', 'USD', 'MALFORMED'],
    ['', 'LAK', 'EMPTY'],
    ['123.5', 'LAK', 'TOO_MANY_DECIMALS'],
    ['123.00', 'LAK', 'TOO_MANY_DECIMALS'],
    ['1.005', 'USD', 'TOO_MANY_DECIMALS'],
    ['1000000000000000', 'LAK', 'TOO_LARGE'],
  ] as const)('rejects %j %s (%s)', (text, currency, expected) => {
    expect(problem(() => parseAmount(text, currency))).toBe(expected);
  });

  it('refuses numbers: amounts travel as strings so they never pass through floating point', () => {
    expect(problem(() => parseAmount(12.5 as unknown as string, 'USD'))).toBe('NOT_A_STRING');
  });

  it('accepts LAK "123.00" from NewPay answers and equates it with "123"', () => {
    const received = parseAmount('123.00', 'LAK', { acceptTrailingZeros: true });
    expect(sameMoney(received, parseAmount('123', 'LAK'))).toBe(true);
    expect(problem(() => parseAmount('123.50', 'LAK', { acceptTrailingZeros: true }))).toBe('TOO_MANY_DECIMALS');
    expect(sameMoney(parseAmount('12.500', 'USD', { acceptTrailingZeros: true }), parseAmount('12.50', 'USD'))).toBe(true);
  });

  it('enforces a configured maximum, inclusive', () => {
    const max = parseAmount('5000000', 'LAK');
    expect(parseAmount('5000000', 'LAK', { max }).minor).toBe(5000000);
    expect(problem(() => parseAmount('5000001', 'LAK', { max }))).toBe('ABOVE_MAXIMUM');
    expect(problem(() => parseAmount('1', 'LAK', { max: parseAmount('10', 'USD') }))).toBe('CURRENCY_MISMATCH');
  });
});

describe('formatting', () => {
  it('writes the NewPay form per currency', () => {
    expect(formatAmount({ minor: 25000, currency: 'LAK' })).toBe('25000');
    expect(formatAmount({ minor: 1250, currency: 'USD' })).toBe('12.50');
    expect(formatAmount({ minor: 5, currency: 'USD' })).toBe('0.05');
  });

  it('round-trips every USD cent amount without drift', () => {
    for (let minor = 1; minor <= 2000; minor++) {
      const text = formatAmount({ minor, currency: 'USD' });
      expect(parseAmount(text, 'USD').minor).toBe(minor);
    }
  });

  it('shows amounts as people read them', () => {
    expect(displayMoney({ minor: 25000, currency: 'LAK' })).toBe('₭25,000');
    expect(displayMoney({ minor: 1234567, currency: 'LAK' })).toBe('₭1,234,567');
    expect(displayMoney({ minor: 1250, currency: 'USD' })).toBe('$12.50');
    expect(displayMoney({ minor: 123456789, currency: 'USD' })).toBe('$1,234,567.89');
  });
});

describe('arithmetic', () => {
  it('multiplies and adds exactly where floats would drift', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004
    const sum = addMoney(parseAmount('0.10', 'USD'), parseAmount('0.20', 'USD'));
    expect(formatAmount(sum)).toBe('0.30');
    expect(formatAmount(multiplyMoney(parseAmount('19.99', 'USD'), 3))).toBe('59.97');
  });

  it('refuses to mix currencies or leave the exact range', () => {
    expect(problem(() => addMoney(parseAmount('1', 'LAK'), parseAmount('1', 'USD')))).toBe('CURRENCY_MISMATCH');
    expect(problem(() => multiplyMoney(parseAmount('999999999999999', 'LAK'), 99))).toBe('TOO_LARGE');
    expect(() => multiplyMoney(parseAmount('1', 'LAK'), 1.5)).toThrow(RangeError);
  });

  it('knows only LAK and USD', () => {
    expect(parseCurrency('LAK')).toBe('LAK');
    expect(problem(() => parseCurrency('CNY'))).toBe('UNKNOWN_CURRENCY');
    expect(problem(() => parseCurrency('lak'))).toBe('UNKNOWN_CURRENCY');
  });
});
