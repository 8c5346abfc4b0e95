import {
  assertJsonDepth,
  ExactNumber,
  JsonSyntaxError,
  JsonTooDeepError,
  MAX_JSON_DEPTH,
  parseExactJson,
  parseExactObject,
  scalarText,
  stringifyExact,
} from '../../server/newpay/exactJson';
import { caught } from '../support/caught';

/** `levels` nested containers around a scalar: `{"a":{"a":1}}` is 2 levels, `[[1]]` is 2 levels. */
const nestedObjects = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const nestedArrays = (levels: number): string => '['.repeat(levels) + '1' + ']'.repeat(levels);

describe('parseExactJson nesting limit', () => {
  it('is 32: NewPay bodies are flat or one level deep', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
  });

  it.each([
    ['objects', 5_000, nestedObjects],
    ['arrays', 5_000, nestedArrays],
    ['objects', 100_000, nestedObjects],
    ['arrays', 100_000, nestedArrays],
  ])('refuses %s nested %i levels deep as too deep, without overflowing the stack', (_what, levels, build) => {
    const error = caught(() => parseExactJson(build(levels)));
    expect(error).toBeInstanceOf(JsonTooDeepError);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.message).toMatch(/32/);
  });

  it('refuses an unterminated deep opening too (the scan stops at the first level past the limit)', () => {
    expect(caught(() => parseExactJson('{"a":'.repeat(100_000)))).toBeInstanceOf(JsonTooDeepError);
  });

  it('accepts exactly 32 levels and refuses 33, for objects, arrays and a mix', () => {
    expect(parseExactJson(nestedObjects(32))).toBeDefined();
    expect(parseExactJson(nestedArrays(32))).toBeDefined();
    expect(parseExactJson('[{"a":'.repeat(16) + '1' + '}]'.repeat(16))).toBeDefined();
    expect(caught(() => parseExactJson(nestedObjects(33)))).toBeInstanceOf(JsonTooDeepError);
    expect(caught(() => parseExactJson(nestedArrays(33)))).toBeInstanceOf(JsonTooDeepError);
    expect(caught(() => parseExactJson('[{"a":'.repeat(16) + '[1]' + '}]'.repeat(16)))).toBeInstanceOf(JsonTooDeepError);
  });

  it('counts depth, not containers: many siblings at a shallow depth are fine', () => {
    expect(parseExactJson(`[${Array(5_000).fill('{"a":[1]}').join(',')}]`)).toHaveLength(5_000);
  });

  it('does not count brackets inside strings', () => {
    const brackets = '[{'.repeat(50_000);
    expect(parseExactObject(`{"subject":"${brackets}"}`)).toEqual({ subject: brackets });
    expect(parseExactObject(`{"subject":"${']}'.repeat(50_000)}","n":${nestedArrays(31)}}`)).toHaveProperty('n');
  });

  it('honours escapes: an escaped quote does not end the string, an escaped backslash does not escape the quote', () => {
    // "\"[[[…" is one string holding a quote and brackets: nothing outside it is nested.
    expect(parseExactObject(`{"a":"\\"${'['.repeat(1_000)}"}`).a).toBe(`"${'['.repeat(1_000)}`);
    // "\\" is a complete string (one backslash); the brackets after it are real nesting and count.
    expect(caught(() => parseExactJson(`{"a":"\\\\","b":${nestedArrays(32)}}`))).toBeInstanceOf(JsonTooDeepError);
    expect(parseExactObject(`{"a":"\\\\","b":${nestedArrays(31)}}`).a).toBe('\\');
  });

  it('still reports ordinary syntax errors as JsonSyntaxError, not as too deep', () => {
    const error = caught(() => parseExactJson('{"a":[1,}'));
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error).not.toBeInstanceOf(JsonTooDeepError);
  });
});

test('stray closers do not buy credit for deeper nesting after them', () => {
  expect(caught(() => parseExactJson(']'.repeat(1_000) + '['.repeat(1_010)))).toBeInstanceOf(JsonTooDeepError);
});

describe('a stray closing bracket buys no extra depth', () => {
  it('refuses 33 openers after a stray "]" or "}", as it refuses 33 without it', () => {
    expect(caught(() => assertJsonDepth(']' + '['.repeat(33), 32))).toBeInstanceOf(JsonTooDeepError);
    expect(caught(() => assertJsonDepth('}' + '{"a":'.repeat(33), 32))).toBeInstanceOf(JsonTooDeepError);
    expect(() => assertJsonDepth(']' + '['.repeat(32), 32)).not.toThrow();
  });
});

describe('errors that say what they are when logged', () => {
  it('prints a syntax error as "JsonSyntaxError: invalid JSON: …" with the parser\'s reason', () => {
    expect(String(caught(() => parseExactJson('{"a":')))).toMatch(/^JsonSyntaxError: invalid JSON: \S/);
  });

  it('prints a nesting refusal as "JsonTooDeepError: JSON nested deeper than 32 levels"', () => {
    expect(String(caught(() => parseExactJson(nestedArrays(33))))).toBe('JsonTooDeepError: JSON nested deeper than 32 levels');
  });
});

describe('parseExactObject', () => {
  it.each(['null', '[]', '"text"', '12', 'true'])('refuses %s: only an object is a NewPay body', (text) => {
    const error = caught(() => parseExactObject(text));
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.message).toBe('expected a JSON object at the top level');
  });
});

describe('stringifyExact', () => {
  it('writes exact numbers back as their tokens', () => {
    expect(stringifyExact({ orderAmt: new ExactNumber('123.00'), newpayOrderNo: new ExactNumber('202209210000006950') })).toBe(
      '{"orderAmt":123.00,"newpayOrderNo":202209210000006950}',
    );
  });

  it('refuses a value JSON has no text for, rather than writing "undefined"', () => {
    const error = caught(() => stringifyExact(undefined));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('value cannot be written as JSON');
  });
});

describe('scalarText: the text NewPay means by a scalar', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a string as it is', '123.00', '123.00'],
    ['an exact number as its token', new ExactNumber('123.00'), '123.00'],
    ['a finite JS number', 25000, '25000'],
    ['a bigint', 202209210000006950n, '202209210000006950'],
    ['NaN as nothing', Number.NaN, undefined],
    ['Infinity as nothing', Number.POSITIVE_INFINITY, undefined],
    ['a boolean as nothing', true, undefined],
    ['null as nothing', null, undefined],
    ['an object as nothing', { value: '1' }, undefined],
  ])('reads %s', (_what, value, text) => {
    expect(scalarText(value)).toBe(text);
  });
});
