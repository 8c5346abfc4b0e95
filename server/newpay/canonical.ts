/**
 * NewPay's string to sign: every field except `sign`, keys in byte order, `key=value` joined by `&`.
 *
 * NewPay's docs say both "only non-empty parameters take part" and "empty strings are also effective
 * parameters". Both readings are supported: `include` (the literal rule, `extra=` stays in) and `omit`.
 * Requests we send never carry empty fields, so for them the two readings give the same string.
 */
import { isExactNumber, isPlainObject, MAX_JSON_DEPTH } from './exactJson';

export type EmptyStringRule = 'include' | 'omit';

export class CanonicalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalError';
  }
}

export function canonicalString(fields: Readonly<Record<string, unknown>>, emptyStrings: EmptyStringRule = 'include'): string {
  if (!isPlainObject(fields)) throw new CanonicalError('only a JSON object can be signed');
  const pairs: string[] = [];
  for (const key of Object.keys(fields).sort(compareBytes)) {
    if (key === 'sign') continue;
    const value = fields[key];
    if (value === null || value === undefined) continue;
    if (value === '' && emptyStrings === 'omit') continue;
    pairs.push(`${key}=${fieldText(key, value)}`);
  }
  return pairs.join('&');
}

/** True when the object has a top-level empty string, i.e. when the two readings differ. */
export function hasEmptyStringField(fields: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(fields).some(([key, value]) => key !== 'sign' && value === '');
}

function fieldText(key: string, value: unknown): string {
  // A top-level string is its raw text; anything else is its compact JSON (a scalar's is its token).
  if (typeof value === 'string') return value;
  // The fields object itself is level 1, so a nested value starts at level 2.
  return compactSortedJson(value, key, 2);
}

/**
 * Nested objects are written as compact JSON with keys sorted at every level, numbers exact. The depth
 * counter keeps the recursion to MAX_JSON_DEPTH levels, the parser's own limit: objects built in code
 * (not parsed by us) could otherwise nest deep enough to overflow the stack.
 */
function compactSortedJson(value: unknown, path: string, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && !isExactNumber(value) && depth > MAX_JSON_DEPTH) {
    throw new CanonicalError(`${path.length > 80 ? `${path.slice(0, 80)}…` : path} is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => (item === undefined ? 'null' : compactSortedJson(item, `${path}[${i}]`, depth + 1))).join(',')}]`;
  }
  if (typeof value === 'object' && !isExactNumber(value)) {
    const record = value as Record<string, unknown>;
    const parts = Object.keys(record)
      .sort(compareBytes)
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${compactSortedJson(record[k], `${path}.${k}`, depth + 1)}`);
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return scalarJson(value, path);
}

function scalarJson(value: unknown, path: string): string {
  if (isExactNumber(value)) return value.value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalError(`${path} is not a finite number`);
    // A JS number is written as JSON.stringify would write it, which is also how it is sent.
    return JSON.stringify(value);
  }
  throw new CanonicalError(`${path} has a value that JSON cannot carry (${typeof value})`);
}

/** Orders keys by their UTF-8 bytes, which differs from JS string order for some non-BMP characters. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
