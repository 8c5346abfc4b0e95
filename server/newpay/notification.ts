/**
 * NewPay's v1 payment notification (newpay.md §6.1), in the manner of stripe-node's constructEvent:
 * one function takes the raw body exactly as received, verifies it and returns a typed notification,
 * or throws a typed error. No field is used before the signature has been checked, and none is returned
 * before every field has been checked against its documented format (./fields: a genuine signature
 * does not make `{"currency":"LAK&extra="}` a currency).
 *
 * `transStatus` here is 0 = success, 1 = failure. NewPay's order query uses the opposite polarity
 * (1 success, 0 failure, 2 processing); the two are kept apart on purpose (newpay.md §9.1).
 */
import { KeyObject } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { ExactObject, JsonSyntaxError, JsonTooDeepError, parseExactObject, scalarText, stringifyExact } from './exactJson';
import { MalformedNotificationError, NotificationSignatureError } from './errors';
import { findFieldProblem } from './fields';
import { SignatureReading, signFields, verifyFields } from './signature';

export type NotificationOutcome = 'SUCCESS' | 'FAILURE';

export interface PaymentNotification {
  readonly appId: string;
  /** Present only when NewPay includes it; the documented callback has no merchantId. */
  readonly merchantId?: string;
  readonly orderNo: string;
  /** Always a string: an 18-digit number that must never pass through Number. */
  readonly newpayOrderNo: string;
  /** Exactly as NewPay wrote it, e.g. "123.00" for LAK: compare with money.parseAmount, not as text. */
  readonly orderAmt: string;
  readonly currency: string;
  readonly transStatus: 0 | 1;
  readonly outcome: NotificationOutcome;
  readonly transInfo?: string;
  readonly payMethod?: string;
  readonly settlementStatus?: string;
  readonly subject?: string;
  readonly extra?: string;
  readonly timestamp?: string;
  /** Which reading of the empty-string rule NewPay's signature was made over: worth logging until NewPay confirms it. */
  readonly signatureReading: SignatureReading;
}

/** The largest notification body we accept (the HTTP handler answers 413 above it). */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

export function verifyNotification(rawBody: string | Uint8Array, platformKey: KeyObject): PaymentNotification {
  const text = decodeBody(rawBody);
  let fields: ExactObject;
  try {
    // Depth-limited (32 levels) before parsing: a few KB of nesting must be a 400, not a stack overflow.
    fields = parseExactObject(text);
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new MalformedNotificationError(`notification body is ${error.message}`);
    if (error instanceof JsonSyntaxError) throw new MalformedNotificationError(`notification body is not a JSON object: ${error.message}`);
    throw error;
  }
  if (typeof fields.sign !== 'string' || fields.sign === '') throw new NotificationSignatureError('notification has no sign field');
  // The parser's depth limit is the canonical writer's, so parsed text can always be canonicalised.
  const reading = verifyFields(fields, platformKey);
  if (!reading) throw new NotificationSignatureError('notification signature does not verify with the platform public key');
  // Genuine is not enough: a captured callback can be re-split at its "&" and "=" and still verify.
  const problem = findFieldProblem(fields);
  if (problem) throw new MalformedNotificationError(`notification ${problem}`);
  return readNotification(fields, reading);
}

/**
 * Test helper: the body NewPay would send for `payload`, signed with `privateKey` (the platform's, in
 * tests). Key order is kept; numbers given as ExactNumber keep their exact token (e.g. 123.00). Any
 * value is signed as given, well-formed or not, so tests can build genuinely signed hostile bodies.
 */
export function signTestNotification(payload: Readonly<Record<string, unknown>>, privateKey: KeyObject): string {
  const { sign: _ignored, ...fields } = payload;
  return stringifyExact({ ...fields, sign: signFields(fields, privateKey) });
}

function decodeBody(rawBody: string | Uint8Array): string {
  if (typeof rawBody === 'string') {
    if (Buffer.byteLength(rawBody, 'utf8') > MAX_NOTIFICATION_BYTES) throw new MalformedNotificationError('notification body is larger than 64 KB');
    return rawBody;
  }
  // isView rather than instanceof: bytes from another realm (a vm context, a test environment) still count.
  if (!ArrayBuffer.isView(rawBody)) {
    // The stripe-node lesson: a parsed object can never be verified, its bytes are gone.
    throw new MalformedNotificationError('pass the raw body (string or bytes) exactly as received, not a parsed object');
  }
  if (rawBody.byteLength > MAX_NOTIFICATION_BYTES) throw new MalformedNotificationError('notification body is larger than 64 KB');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(rawBody as Uint8Array);
  } catch {
    throw new MalformedNotificationError('notification body is not valid UTF-8');
  }
}

function readNotification(fields: ExactObject, signatureReading: SignatureReading): PaymentNotification {
  const transStatus = requiredText(fields, 'transStatus');
  if (transStatus !== '0' && transStatus !== '1') {
    throw new MalformedNotificationError(`transStatus must be 0 (success) or 1 (failure), got ${JSON.stringify(transStatus)}`);
  }
  return {
    appId: requiredText(fields, 'appId'),
    merchantId: optionalText(fields, 'merchantId'),
    orderNo: requiredText(fields, 'orderNo'),
    newpayOrderNo: requiredText(fields, 'newpayOrderNo'),
    orderAmt: requiredText(fields, 'orderAmt'),
    currency: requiredText(fields, 'currency'),
    transStatus: transStatus === '0' ? 0 : 1,
    outcome: transStatus === '0' ? 'SUCCESS' : 'FAILURE',
    transInfo: optionalText(fields, 'transInfo'),
    payMethod: optionalText(fields, 'payMethod'),
    settlementStatus: optionalText(fields, 'settlementStatus'),
    subject: optionalText(fields, 'subject'),
    extra: optionalText(fields, 'extra'),
    timestamp: optionalText(fields, 'timestamp'),
    signatureReading,
  };
}

function requiredText(fields: ExactObject, key: string): string {
  const text = optionalText(fields, key);
  // An empty value never gets here: findFieldProblem has refused it for every required field's format.
  if (text === undefined) throw new MalformedNotificationError(`notification has no ${key}`);
  return text;
}

function optionalText(fields: ExactObject, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  const text = scalarText(value);
  if (text === undefined) throw new MalformedNotificationError(`notification field ${key} must be a string or number`);
  return text;
}
