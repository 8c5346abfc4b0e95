/**
 * NewPay's business codes (newpay.md §7, "9. Business Code"), each with what it means for the caller.
 * `retryable`: sending the same request again (same orderNo) can succeed without a change on our side.
 * Codes that mean "fix the configuration" (keys, ids, whitelist) are not retryable: retrying would only
 * repeat the failure, so they must reach an operator.
 */
export type NewPayReason =
  | 'ORDER_NOT_FOUND'
  | 'UNKNOWN'
  | 'ILLEGAL_REQUEST'
  | 'BAD_APP_ID'
  | 'BAD_TIMESTAMP'
  | 'BAD_SIGNATURE'
  | 'BAD_FIELD'
  | 'BAD_CURRENCY'
  | 'BAD_AMOUNT'
  | 'BAD_MERCHANT_ID'
  | 'BAD_ORDER_NO'
  | 'BAD_CALLBACK_URL'
  | 'TRANSACTION_FAILED'
  | 'WHITELIST'
  | 'CHANNEL_NOT_SUPPORTED'
  | 'REFUND_NOT_SUPPORTED'
  | 'BAD_REFUND'
  | 'ACCOUNT_PROBLEM'
  | 'ORDER_COMPLETED'
  | 'ORDER_EXPIRED'
  | 'ORDER_FAILED'
  | 'ORDER_CANCELLED'
  | 'DUPLICATE_ORDER_NO'
  | 'DUPLICATE_REFUND_NO'
  | 'UNLISTED';

export interface NewPayCodeInfo {
  readonly reason: NewPayReason;
  readonly retryable: boolean;
  readonly description: string;
}

const code = (reason: NewPayReason, retryable: boolean, description: string): NewPayCodeInfo => ({ reason, retryable, description });

export const NEWPAY_CODES: Readonly<Record<string, NewPayCodeInfo>> = {
  E9008: code('ORDER_NOT_FOUND', false, 'order information does not exist'),
  E9999: code('UNKNOWN', true, 'unknown error'),
  B11095: code('ILLEGAL_REQUEST', false, 'illegal request'),
  Z00001: code('BAD_APP_ID', false, 'appId field illegal'),
  Z00003: code('BAD_APP_ID', false, 'appId wrong'),
  Z00004: code('BAD_TIMESTAMP', false, 'timestamp field illegal (check the server clock)'),
  Z00005: code('BAD_SIGNATURE', false, 'sign field illegal'),
  Z00007: code('BAD_SIGNATURE', false, 'sign verification failed (merchant key or string to sign)'),
  Z00011: code('BAD_FIELD', false, 'payMethod illegal'),
  Z00013: code('BAD_FIELD', false, 'extra illegal'),
  Z00016: code('BAD_CURRENCY', false, 'currency illegal'),
  Z00018: code('BAD_AMOUNT', false, 'orderAmt illegal'),
  Z00020: code('BAD_AMOUNT', false, 'orderAmt illegal: LAK must have no decimals'),
  Z00021: code('BAD_MERCHANT_ID', false, 'merchantId illegal'),
  Z00044: code('BAD_MERCHANT_ID', false, 'merchantId wrong'),
  Z00023: code('BAD_ORDER_NO', false, 'orderNo illegal'),
  Z00025: code('BAD_FIELD', false, 'subject illegal'),
  Z00032: code('BAD_CALLBACK_URL', false, 'callBackUrl illegal'),
  Z00035: code('BAD_FIELD', false, 'successPageUrl illegal'),
  Z00038: code('BAD_FIELD', false, 'failurePageUrl illegal'),
  Z00043: code('BAD_FIELD', false, 'cancelPageUrl illegal'),
  Z00039: code('TRANSACTION_FAILED', false, 'transaction failed'),
  Z00046: code('WHITELIST', false, 'whitelist authentication failed (is this server IP registered with NewPay?)'),
  Z00047: code('CHANNEL_NOT_SUPPORTED', false, 'payment channel not supported'),
  Z00048: code('REFUND_NOT_SUPPORTED', false, "this order's payMethod does not support refunds"),
  Z00049: code('BAD_REFUND', false, 'refundOrderNo illegal'),
  Z00051: code('ORDER_NOT_FOUND', false, 'order information does not exist'),
  Z00053: code('BAD_REFUND', false, 'refundOrderAmt illegal'),
  Z00055: code('BAD_REFUND', false, 'refundOrderAmt illegal: LAK must have no decimals'),
  Z01002: code('ACCOUNT_PROBLEM', false, 'agreement error'),
  Z01004: code('ACCOUNT_PROBLEM', false, 'collection account does not exist'),
  Z01005: code('ACCOUNT_PROBLEM', false, 'abnormal account status'),
  Z01008: code('ORDER_COMPLETED', false, 'order already completed'),
  Z01009: code('ORDER_EXPIRED', false, 'order expired'),
  Z01010: code('ORDER_FAILED', false, 'payment failed for this order'),
  Z01011: code('ORDER_CANCELLED', false, 'order cancelled'),
  Z01012: code('BAD_APP_ID', false, 'appId or merchantId not valid'),
  Z01017: code('BAD_REFUND', false, 'no refunds for billed orders'),
  Z01018: code('BAD_REFUND', false, 'active order: partial refunds not supported'),
  Z01020: code('BAD_REFUND', false, 'refund exceeds the amount actually paid'),
  Z01022: code('ACCOUNT_PROBLEM', false, 'store status exception'),
  Z01023: code('ACCOUNT_PROBLEM', false, 'account status exception'),
  Z01026: code('DUPLICATE_REFUND_NO', false, 'refund order number already exists'),
  Z01028: code('DUPLICATE_ORDER_NO', false, 'order number not available (duplicate orderNo): query the order before creating another'),
};

/** What a code means; codes NewPay adds later map to a non-retryable UNLISTED reason. */
export function describeCode(code: string): NewPayCodeInfo {
  return NEWPAY_CODES[code] ?? { reason: 'UNLISTED', retryable: false, description: `code ${code} is not in NewPay's published table` };
}
