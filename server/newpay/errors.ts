/**
 * Everything that can go wrong talking to NewPay, as typed errors. Two questions matter to a caller:
 * - `outcomeUnknown`: did NewPay perhaps act on the request? Then query the order before sending it again
 *   (a timeout on createOpenMini may have created the order).
 * - `retryable`: can the same request, unchanged, succeed later?
 */
import { describeCode, NewPayReason } from './codes';

export abstract class NewPayError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
  abstract readonly outcomeUnknown: boolean;
}

/** NewPay answered, signed or not, with a business code other than success. A definite refusal. */
export class NewPayBusinessError extends NewPayError {
  override readonly name = 'NewPayBusinessError';
  readonly reason: NewPayReason;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  constructor(
    readonly code: string,
    readonly newpayMessage: string,
    readonly operation: string,
  ) {
    const info = describeCode(code);
    super(`NewPay ${operation} refused with ${code}: ${info.description}${newpayMessage ? ` (NewPay said: ${newpayMessage})` : ''}`);
    this.reason = info.reason;
    this.retryable = info.retryable;
    // An "unknown error" may have happened after NewPay stored the order.
    this.outcomeUnknown = info.reason === 'UNKNOWN';
  }
}

export type TransportFailure = 'TIMEOUT' | 'NETWORK' | 'HTTP_STATUS';

/** No usable answer reached us: NewPay may or may not have acted. Query before retrying. */
export class NewPayTransportError extends NewPayError {
  override readonly name = 'NewPayTransportError';
  readonly code = 'NEWPAY_UNREACHABLE';
  readonly retryable = true;
  readonly outcomeUnknown = true;
  constructor(
    readonly failure: TransportFailure,
    readonly operation: string,
    detail: string,
    readonly httpStatus?: number,
  ) {
    super(`NewPay ${operation}: ${detail}; the outcome is unknown, query the order before retrying`);
  }
}

/** The answer's signature did not verify with the platform key: its content cannot be used. */
export class NewPaySignatureError extends NewPayError {
  override readonly name = 'NewPaySignatureError';
  readonly code = 'NEWPAY_BAD_SIGNATURE';
  readonly retryable = false;
  readonly outcomeUnknown = true;
  constructor(readonly operation: string) {
    super(`NewPay ${operation}: the answer's signature does not verify with the platform public key (wrong NEWPAY_PLATFORM_PUBLIC_KEY, or the answer was altered)`);
  }
}

/** The answer was not what NewPay documents (not JSON, fields missing, or not about our request). */
export class NewPayProtocolError extends NewPayError {
  override readonly name = 'NewPayProtocolError';
  readonly code = 'NEWPAY_BAD_ANSWER';
  readonly retryable = false;
  readonly outcomeUnknown = true;
  constructor(
    readonly operation: string,
    detail: string,
  ) {
    super(`NewPay ${operation}: unexpected answer: ${detail}`);
  }
}

/** A payment notification that cannot be trusted or read; `httpStatus` is what to answer NewPay. */
export abstract class NotificationError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
}

export class MalformedNotificationError extends NotificationError {
  override readonly name = 'MalformedNotificationError';
  readonly code = 'MALFORMED_NOTIFICATION';
  readonly httpStatus = 400;
}

export class NotificationSignatureError extends NotificationError {
  override readonly name = 'NotificationSignatureError';
  readonly code = 'BAD_NOTIFICATION_SIGNATURE';
  readonly httpStatus = 401;
}
