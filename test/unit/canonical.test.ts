import { canonicalString, CanonicalError } from '../../server/newpay/canonical';
import { ExactNumber, parseExactObject } from '../../server/newpay/exactJson';

describe('canonicalString', () => {
  it('leaves out sign, null and undefined; keeps empty strings as "key=" by default', () => {
    expect(canonicalString({ sign: 'x', b: '2', a: null, c: undefined, extra: '' })).toBe('b=2&extra=');
  });

  it('leaves out empty strings under the other reading of NewPay rule', () => {
    expect(canonicalString({ b: '2', extra: '' }, 'omit')).toBe('b=2');
  });

  it('gives both readings the same string when no field is empty, as for every request we send', () => {
    const request = { appId: 'a', orderAmt: '25000', currency: 'LAK', timestamp: 1763768192123 };
    expect(canonicalString(request, 'include')).toBe(canonicalString(request, 'omit'));
  });

  it('writes numbers exactly as received: re-serialised JSON would change the string', () => {
    const body = '{"orderAmt":123.00,"newpayOrderNo":202209210000006950}';
    expect(canonicalString(parseExactObject(body))).toBe('newpayOrderNo=202209210000006950&orderAmt=123.00');
    // The pitfall this guards against: JSON.parse loses both tokens.
    expect(canonicalString(JSON.parse(body))).toBe('newpayOrderNo=202209210000006940&orderAmt=123');
  });

  it('writes appId arriving as a JSON number as its digits', () => {
    expect(canonicalString(parseExactObject('{"appId":6,"currency":"LAK"}'))).toBe('appId=6&currency=LAK');
  });

  it('takes exact numbers, JS integers and bigints alike', () => {
    expect(canonicalString({ a: new ExactNumber('1.50'), b: 1663738614280, c: 202209210000006950n })).toBe('a=1.50&b=1663738614280&c=202209210000006950');
  });

  it('sorts keys by UTF-8 bytes, so uppercase comes before lowercase', () => {
    expect(canonicalString({ b: '1', B: '2', a: '3' })).toBe('B=2&a=3&b=1');
  });

  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalString({ a: Number.NaN })).toThrow(CanonicalError);
    expect(() => canonicalString({ a: { b: () => 1 } })).toThrow(CanonicalError);
    expect(() => canonicalString([] as unknown as Record<string, unknown>)).toThrow(CanonicalError);
  });
});

describe('canonicalString nesting limit', () => {
  /** An object `levels` deep counting the top level: nest(1) is {v: 1}, nest(2) is {v: {a: 1}}. */
  function nest(levels: number, container: 'object' | 'array' = 'object'): Record<string, unknown> {
    let value: unknown = 1;
    for (let i = 1; i < levels; i++) value = container === 'object' ? { a: value } : [value];
    return { v: value };
  }

  it.each([5_000, 100_000])('refuses an object built %i levels deep with CanonicalError, not a stack overflow', (levels) => {
    expect(() => canonicalString(nest(levels))).toThrow(CanonicalError);
    expect(() => canonicalString(nest(levels, 'array'))).toThrow(CanonicalError);
  });

  it('accepts exactly 32 levels (the top-level object counts as one) and refuses 33', () => {
    expect(canonicalString(nest(32))).toBe(`v=${'{"a":'.repeat(31)}1${'}'.repeat(31)}`);
    expect(canonicalString(nest(32, 'array'))).toBe(`v=${'['.repeat(31)}1${']'.repeat(31)}`);
    expect(() => canonicalString(nest(33))).toThrow(/deeper than 32/);
    expect(() => canonicalString(nest(33, 'array'))).toThrow(CanonicalError);
  });

  it('signs whatever the parser accepts: the two limits agree', () => {
    const text = `{"v":${'['.repeat(31)}1${']'.repeat(31)}}`;
    expect(canonicalString(parseExactObject(text))).toBe(`v=${'['.repeat(31)}1${']'.repeat(31)}`);
  });
});
