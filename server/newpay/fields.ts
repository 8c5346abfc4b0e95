/**
 * The documented format of every NewPay field we act on, in one place for the notification reader and
 * the client's answer readers. Pure.
 *
 * Why a signature is not enough: NewPay's string to sign joins raw values with `&` and `=`
 * (`currency=LAK&extra=&newpayOrderNo=…`), so one string has many splits. A captured genuine callback
 * re-sent as `{"currency":"LAK&extra=", …}` without `extra` gives the same string and still verifies.
 * Checking every acted-on value against its format after the signature verifies (no `&` or `=` where
 * the format has none), and every field name against a plain-name pattern, leaves only one reading.
 *
 * Fields not listed here are free text nobody acts on (subject, transInfo, tranInfo, extra, payMethod,
 * settlementStatus, and getMiniPayment's fields, which go to WeChat untouched): accepted as they are.
 */
import { isCurrency } from '../../miniprogram/domain/money';
import { isValidOrderNo } from '../core/orderNo';
import { ExactObject, scalarText } from './exactJson';

export interface FieldFormat {
  /** What the value must be, for error messages: "must be <rule>". */
  readonly rule: string;
  readonly test: (text: string) => boolean;
  /** Only a JSON string will do (NewPay sends ids and amounts as numbers at times, but never a URL). */
  readonly stringOnly?: boolean;
}

const pattern = (regex: RegExp) => (text: string) => regex.test(text);

/** appId and merchantId: 32 hex characters in NewPay's examples, `6` in one; ours may have `-` or `_`. */
const ID: FieldFormat = { rule: 'an id of 1-64 letters, digits, "-" or "_"', test: pattern(/^[A-Za-z0-9_-]{1,64}$/) };

/**
 * The same plain decimal that money.parseAmount reads (no sign, exponent, spaces or leading dot), with
 * at most 2 decimals: USD has cents and NewPay writes LAK back as "123.00". Whether the decimals suit
 * the currency is for parseAmount to say when the amount is compared.
 */
const AMOUNT: FieldFormat = { rule: 'a decimal amount such as 25000 or 123.00', test: pattern(/^(0|[1-9][0-9]{0,17})(\.[0-9]{1,2})?$/) };

const CURRENCY: FieldFormat = { rule: 'LAK or USD', test: isCurrency };

/** Ours (server/core/orderNo.ts): at most 32 of [A-Za-z0-9], NewPay's safe range (newpay.md §8). */
const ORDER_NO: FieldFormat = { rule: 'an order number of 1-32 letters and digits', test: isValidOrderNo };

/** An 18-digit number in every example; kept as text, never passed through Number. */
const NEWPAY_ORDER_NO: FieldFormat = { rule: '1-32 digits', test: pattern(/^[0-9]{1,32}$/) };

/** Status codes are one digit; what each digit means differs by message and is read by the caller. */
const STATUS: FieldFormat = { rule: 'a one-digit status code', test: pattern(/^[0-9]$/) };

/** Milliseconds since the epoch (13 digits in every example). */
const TIMESTAMP: FieldFormat = { rule: 'digits (milliseconds since the epoch)', test: pattern(/^[0-9]{1,20}$/) };

/** NewPay's own references, undocumented in form: only the separators of the string to sign are refused. */
const REFERENCE: FieldFormat = { rule: 'text without "&" or "="', test: pattern(/^[^&=]*$/) };

/** A URL scheme or link; its query legitimately holds `&` and `=`, so only whitespace is refused. */
const URL: FieldFormat = { rule: 'a string without whitespace', test: pattern(/^\S+$/), stringOnly: true };

export const FIELD_FORMATS: ReadonlyMap<string, FieldFormat> = new Map([
  ['appId', ID],
  ['merchantId', ID],
  ['orderNo', ORDER_NO],
  ['refundOrderNo', ORDER_NO],
  ['newpayOrderNo', NEWPAY_ORDER_NO],
  // Undocumented; the sandbox writes "R" + digits. An id pattern keeps the separators out.
  ['newpayRefundOrderNo', ID],
  ['orderAmt', AMOUNT],
  ['refundOrderAmt', AMOUNT],
  ['currency', CURRENCY],
  ['transStatus', STATUS],
  ['tranStatus', STATUS],
  ['timestamp', TIMESTAMP],
  ['tranNo', REFERENCE],
  ['tranAbbr', REFERENCE],
  ['payUrl', URL],
]);

/** NewPay's field names are plain camelCase words; a name holding `&` or `=` would re-split the string to sign too. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * The first problem with a verified object's fields, or undefined when every name is plain and every
 * listed field that is present (not null) has its format. Empty strings do not match any format.
 */
export function findFieldProblem(fields: ExactObject): string | undefined {
  for (const [key, value] of Object.entries(fields)) {
    if (!FIELD_NAME.test(key)) return `field name ${quote(key)} is not a plain name`;
    const format = FIELD_FORMATS.get(key);
    if (!format || value === null) continue;
    const text = format.stringOnly ? (typeof value === 'string' ? value : undefined) : scalarText(value);
    if (text === undefined) return `${key} must be ${format.stringOnly ? 'a string' : 'a string or number'}`;
    if (!format.test(text)) return `${key} must be ${format.rule}, got ${quote(text)}`;
  }
  return undefined;
}

/** A value for an error message: JSON-quoted (control characters escaped) and cut short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
