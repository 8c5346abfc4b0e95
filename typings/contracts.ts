/**
 * The contract of every cloud function: the event the mini program sends and the result it gets.
 * Imported by both sides, so a change here is a compile error wherever it matters.
 * Every `value` is a decimal string in NewPay's form for its currency (LAK "25000", USD "12.50").
 */

export type CurrencyCode = 'LAK' | 'USD';
export type EnvVersion = 'release' | 'trial';

export interface MoneyValue {
  readonly value: string;
  readonly currency: CurrencyCode;
}

export interface Product {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly image: string;
  readonly price: MoneyValue;
}

export type OrderStatus = 'PENDING' | 'PAYING' | 'PAID' | 'FAILED' | 'EXPIRED';

/**
 * Why an operator should look at an order. CONFLICTING_REPORTS: NewPay reported this order paid with
 * the right amount and, in another signed report, with a different one (see the README's flag table).
 */
export type OrderFlag = 'AMOUNT_MISMATCH' | 'CURRENCY_MISMATCH' | 'LATE_PAYMENT' | 'PAID_AFTER_FAILURE' | 'CONFLICTING_REPORTS';

export interface OrderItem {
  readonly sku: string;
  readonly name: string;
  readonly qty: number;
  /** Unit price. */
  readonly price: MoneyValue;
}

/** An order as its owner sees it: no payment tickets, no raw NewPay data. */
export interface ClientOrder {
  readonly orderNo: string;
  readonly status: OrderStatus;
  readonly amount: MoneyValue;
  readonly items: readonly OrderItem[];
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly paidAt?: number;
  readonly flags?: readonly OrderFlag[];
}

/** How the mini program starts payment; decided on the server from NewPay's payUrl. */
export type Launch =
  | { readonly kind: 'navigate'; readonly appId: string; readonly path: string; readonly envVersion: EnvVersion }
  | { readonly kind: 'inApp'; readonly orderNo: string }
  | { readonly kind: 'external'; readonly url: string };

export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'UNAUTHENTICATED'
  | 'EMPTY_CART'
  | 'TOO_MANY_LINES'
  | 'UNKNOWN_SKU'
  | 'INVALID_QUANTITY'
  | 'AMOUNT_TOO_LARGE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IN_PROGRESS'
  | 'NOT_FOUND'
  | 'NOT_PAYABLE'
  | 'PAYMENT_PROVIDER_UNAVAILABLE'
  | 'PAYMENT_PROVIDER_REFUSED'
  | 'MISCONFIGURED'
  /** A function that only its timer trigger may run (reconcile) was called by someone else. */
  | 'FORBIDDEN'
  | 'INTERNAL';

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  /** True when the same call, unchanged, may succeed later. */
  readonly retryable: boolean;
}

export type Result<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: ErrorBody };

export interface CartLine {
  readonly sku: string;
  readonly qty: number;
}

export interface FunctionContracts {
  catalog: { event: Record<string, never>; result: Result<{ products: Product[] }> };
  createPayment: {
    event: { items: CartLine[]; idempotencyKey: string; envVersion?: EnvVersion };
    result: Result<{ order: ClientOrder; launch?: Launch }>;
  };
  miniPayment: {
    event: { orderNo: string; code: string };
    result: Result<{ payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string } }>;
  };
  getOrder: { event: { orderNo: string }; result: Result<{ order: ClientOrder }> };
  listOrders: { event: { cursor?: string; limit?: number }; result: Result<{ orders: ClientOrder[]; nextCursor: string | null }> };
}

export type FunctionName = keyof FunctionContracts;
export type EventOf<N extends FunctionName> = FunctionContracts[N]['event'];
export type ResultOf<N extends FunctionName> = FunctionContracts[N]['result'];

/** The event CloudBase HTTP access hands a function (payNotify). */
export interface HttpAccessEvent {
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly queryStringParameters?: Readonly<Record<string, string>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** The integration response CloudBase HTTP access sends back. */
export interface HttpAccessResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
