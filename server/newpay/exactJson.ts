/**
 * JSON that keeps every number exactly as written. NewPay's signature covers the text of each value, so
 * `"orderAmt":123.00` must stay `123.00` and an 18-digit `newpayOrderNo` must never pass through Number
 * (JSON.parse would turn them into `123` and `202209210000006900`).
 */
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';

export { LosslessNumber as ExactNumber };

export type ExactValue = string | boolean | null | LosslessNumber | ExactValue[] | { [key: string]: ExactValue };
export type ExactObject = { [key: string]: ExactValue };

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Parses JSON text with numbers kept as their source tokens. Duplicate keys with different values are refused. */
export function parseExactJson(text: string): ExactValue {
  try {
    return parse(text, null, (token) => new LosslessNumber(token)) as ExactValue;
  } catch (error) {
    throw new JsonSyntaxError(`invalid JSON: ${(error as Error).message}`);
  }
}

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
