/**
 * JSON that keeps every number exactly as written. NewPay's signature covers the text of each value, so
 * `"orderAmt":123.00` must stay `123.00` and an 18-digit `newpayOrderNo` must never pass through Number
 * (JSON.parse would turn them into `123` and `202209210000006900`).
 */
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';

export { LosslessNumber as ExactNumber };

export type ExactValue = string | boolean | null | LosslessNumber | ExactValue[] | { [key: string]: ExactValue };
export type ExactObject = { [key: string]: ExactValue };

/**
 * How deeply objects and arrays may nest, the top level counting as 1. NewPay's bodies are flat or one
 * level deep (the answer envelope around `data`); the limit only has to stop hostile input, because the
 * parser and the canonical writer recurse and thousands of levels would overflow the stack (a 500 for
 * a few KB of `{"a":{"a":…`).
 */
export const MAX_JSON_DEPTH = 32;

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** JSON that nests deeper than MAX_JSON_DEPTH: refused before it is parsed. */
export class JsonTooDeepError extends JsonSyntaxError {
  constructor(readonly maxDepth: number) {
    super(`JSON nested deeper than ${maxDepth} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * Parses JSON text with numbers kept as their source tokens. Duplicate keys with different values are
 * refused, and so is nesting deeper than MAX_JSON_DEPTH (JsonTooDeepError), before the parser sees it.
 */
export function parseExactJson(text: string): ExactValue {
  assertJsonDepth(text, MAX_JSON_DEPTH);
  try {
    return parse(text, null, (token) => new LosslessNumber(token)) as ExactValue;
  } catch (error) {
    throw new JsonSyntaxError(`invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * An iterative scan of the text: counts `[`/`{` depth outside strings (an escaped quote does not end a
 * string) and throws as soon as it passes `maxDepth`. It checks nesting only; the parser checks syntax.
 */
export function assertJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: one step past the end reads NaN, which is no character the scan counts
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped character, whatever it is, cannot end the string
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) throw new JsonTooDeepError(maxDepth);
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      // Never below 0: a stray closer must not buy credit for openers after it (the parser refuses it anyway).
      depth--;
    }
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Parses JSON text that must hold an object at the top level. */
export function parseExactObject(text: string): ExactObject {
  const value = parseExactJson(text);
  if (!isPlainObject(value)) throw new JsonSyntaxError('expected a JSON object at the top level');
  return value;
}

/** Compact JSON text; exact numbers are written back as the tokens they were read from. */
export function stringifyExact(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value cannot be written as JSON');
  return text;
}

export function isExactNumber(value: unknown): value is LosslessNumber {
  return isLosslessNumber(value);
}

export function isPlainObject(value: unknown): value is ExactObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/**
 * The text of a scalar as NewPay means it: strings as they are, numbers as their exact token.
 * Anything else (objects, booleans, null) has no text form here and yields undefined.
 */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}
