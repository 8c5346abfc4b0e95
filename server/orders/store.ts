/**
 * What the order service needs from a database, and nothing more. Two adapters implement it
 * (CloudBase in production, an embedded nedb file locally) and one contract suite tests both.
 *
 * Collections: `orders`, `payment_events`, `products`.
 */
import type { EnvVersion, Launch, OrderFlag, OrderItem, OrderStatus, Product } from '../../typings/contracts';
import type { Currency } from '../../miniprogram/domain/money';

export interface OrderError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly at: number;
}

export interface OrderRecord {
  /** Derived from (openid, idempotencyKey): a second create with the same key collides here. */
  readonly _id: string;
  readonly orderNo: string;
  readonly openid: string;
  readonly status: OrderStatus;
  readonly currency: Currency;
  /** NewPay's decimal form, e.g. "25000". */
  readonly amount: string;
  readonly items: readonly OrderItem[];
  /** Fingerprint of the priced cart: the same idempotencyKey with another cart is refused. */
  readonly cartHash: string;
  readonly envVersion: EnvVersion;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
  /** While a createOpenMini call is under way, other requests for this order wait (ms epoch). */
  readonly leaseUntil: number;
  readonly attempts: number;
  readonly newpayOrderNo?: string | null;
  readonly tranNo?: string | null;
  readonly payUrl?: string | null;
  readonly launch?: Launch | null;
  readonly lastError?: OrderError | null;
  readonly flags: readonly OrderFlag[];
  readonly paidAt?: number | null;
  readonly failedAt?: number | null;
  readonly expiredAt?: number | null;
  /** When reconcile visits the order next (server/core/reconcileSchedule.ts); null: not in the queue. */
  readonly reconcileAt?: number | null;
}

export type OrderPatch = Partial<Omit<OrderRecord, '_id' | 'orderNo' | 'openid' | 'createdAt'>>;

/** The condition of a compare-and-set update: the order must be in one of these states. */
export interface OrderCondition {
  readonly statusIn: readonly OrderStatus[];
  /** And, when given, its lease must have run out by this time. */
  readonly leaseExpiredAt?: number;
  /** And, when given, it must still be due at exactly this time (reconcile's claim on a visit). */
  readonly reconcileAt?: number;
}

/** One request header as received. Names are values here, never document keys: any name survives. */
export interface RecordedHeader {
  readonly name: string;
  readonly value: string;
}

/** A notification request as recorded before anything can fail on its content (see ./eventRecord.ts). */
export interface PaymentEvent {
  readonly receivedAt: number;
  readonly method: string;
  readonly path: string;
  readonly headers: readonly RecordedHeader[];
  /** Headers left out by the size cap. */
  readonly headersDropped: number;
  /** The body exactly as received (decoded from base64 when it came that way): its first 64 KB. */
  readonly rawBody: string;
  /** utf8 when those bytes are valid UTF-8, else base64 of them. */
  readonly rawBodyEncoding: 'utf8' | 'base64';
  readonly bodyBytes: number;
  /** Of the whole body, so a truncated one can still be matched with NewPay's records. */
  readonly bodySha256: string;
  readonly bodyTruncated: boolean;
  readonly verdict: string;
  readonly orderNo?: string | null;
  readonly httpStatus?: number | null;
  readonly detail?: string | null;
}

export interface OrderStore {
  /** Inserts unless an order with the same _id (same user and idempotency key) exists; then returns that one. */
  insertOrder(order: OrderRecord): Promise<{ inserted: true } | { inserted: false; existing: OrderRecord }>;
  findOrder(orderNo: string): Promise<OrderRecord | null>;
  /** Compare-and-set: true when exactly this call changed the order. */
  updateOrder(orderNo: string, condition: OrderCondition, patch: OrderPatch): Promise<boolean>;
  /** The owner's orders, newest first, strictly older than `beforeOrderNo` when given. */
  listOrders(openid: string, options: { beforeOrderNo?: string; limit: number }): Promise<OrderRecord[]>;
  /** Orders whose `reconcileAt` is at or before `dueBy`, longest overdue first. */
  findOrdersToReconcile(options: { dueBy: number; limit: number }): Promise<OrderRecord[]>;
}

export interface PaymentEventStore {
  recordEvent(event: PaymentEvent): Promise<string>;
  updateEvent(id: string, patch: Partial<Pick<PaymentEvent, 'verdict' | 'orderNo' | 'httpStatus' | 'detail'>>): Promise<void>;
  listEvents(): Promise<PaymentEvent[]>;
}

export interface ProductStore {
  listProducts(): Promise<Product[]>;
}

export type Store = OrderStore & PaymentEventStore & ProductStore;

/** Thrown by adapters when the database itself failed (network, quota, missing collection). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}
