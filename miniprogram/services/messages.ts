/** What a person reads when something goes wrong: plain words, and whether trying again can help. */
import type { ErrorCode } from '../../typings/contracts';

export interface Problem {
  readonly message: string;
  readonly retryable: boolean;
}

const WORDS: Record<ErrorCode | 'NETWORK', string> = {
  NETWORK: 'No connection. Check your network and try again.',
  INVALID_REQUEST: 'Something in this request was not right. Please go back and try again.',
  UNAUTHENTICATED: 'Please open the shop from WeChat and try again.',
  EMPTY_CART: 'Your cart is empty.',
  TOO_MANY_LINES: 'Your cart has too many different products. Remove a few and try again.',
  UNKNOWN_SKU: 'Some products in your cart are no longer for sale. Remove them to continue.',
  INVALID_QUANTITY: 'Each product can be ordered 1 to 99 times.',
  AMOUNT_TOO_LARGE: 'This order is above the limit for one payment. Split it into smaller orders.',
  IDEMPOTENCY_KEY_REUSED: 'Your cart changed during checkout. Please check out again.',
  IN_PROGRESS: 'Your payment is being prepared. Try again in a moment.',
  NOT_FOUND: 'We could not find this order.',
  NOT_PAYABLE: 'This order can no longer be paid.',
  PAYMENT_PROVIDER_UNAVAILABLE: 'The payment service did not answer. You have not been charged; try again.',
  PAYMENT_PROVIDER_REFUSED: 'The payment service could not take this order. Please check out again later.',
  MISCONFIGURED: 'The shop cannot take payments right now. Please try later.',
  FORBIDDEN: 'This action is not available to you.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
};

export function describeProblem(error: { code: string; retryable: boolean }): Problem {
  return { message: WORDS[error.code as ErrorCode | 'NETWORK'] ?? WORDS.INTERNAL, retryable: error.retryable };
}
