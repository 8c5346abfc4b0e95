/**
 * NewPay's payment notification, from raw HTTP request to final order state. Every request is recorded
 * in payment_events before anything that can fail on its content (./eventRecord.ts), every path ends
 * with a verdict written on that record (internal errors included), and the answer is
 * {"transResult":"SUCCESS"} only once the outcome is durably stored; otherwise NewPay is told to
 * retry (5xx) or that the request is bad (4xx).
 */
import { MalformedNotificationError, NotificationError } from '../newpay/errors';
import { MAX_NOTIFICATION_BYTES, PaymentNotification, verifyNotification } from '../newpay/notification';
import type { Deps } from './deps';
import { eventRecord, ReceivedRequest } from './eventRecord';
import { settlePayment } from './settlement';
import { StoreError } from './store';

export type NotificationRequest = ReceivedRequest;

export interface NotificationReply {
  readonly httpStatus: number;
  /** SUCCESS tells NewPay to stop; anything else makes it retry. */
  readonly transResult: 'SUCCESS' | 'FAIL';
  readonly verdict: string;
}

export async function receiveNotification(deps: Deps, request: NotificationRequest): Promise<NotificationReply> {
  const started = deps.now();
  let eventId: string;
  try {
    eventId = await deps.store.recordEvent(eventRecord(request, started));
  } catch (error) {
    deps.log.error({ event: 'notify.record', outcome: 'STORE_FAILED', detail: (error as Error).message });
    return { httpStatus: 503, transResult: 'FAIL', verdict: 'STORE_FAILED' };
  }

  const reply = await judgeSafely(deps, request);
  try {
    await deps.store.updateEvent(eventId, { verdict: reply.verdict, orderNo: reply.orderNo ?? null, httpStatus: reply.httpStatus, detail: reply.detail ?? null });
  } catch (error) {
    // The order itself is already durable; losing the verdict costs an audit field, not money.
    deps.log.error({ event: 'notify.record', outcome: 'VERDICT_NOT_SAVED', orderNo: reply.orderNo, detail: (error as Error).message });
  }
  const level = reply.httpStatus >= 500 || reply.verdict === 'MISMATCH' || reply.verdict === 'FLAGGED' || reply.verdict === 'UNKNOWN_ORDER' ? 'error' : reply.httpStatus >= 400 ? 'warn' : 'info';
  deps.log[level]({ event: 'notify', orderNo: reply.orderNo, outcome: reply.verdict, status: reply.httpStatus, ms: deps.now() - started, detail: reply.detail });
  return { httpStatus: reply.httpStatus, transResult: reply.transResult, verdict: reply.verdict };
}

interface Judgement extends NotificationReply {
  readonly orderNo?: string;
  readonly detail?: string;
}

/** An unexpected error is a verdict too (500, so NewPay retries once we have fixed it), never a bare crash. */
async function judgeSafely(deps: Deps, request: NotificationRequest): Promise<Judgement> {
  try {
    return await judge(deps, request);
  } catch (error) {
    return reject(500, 'INTERNAL_ERROR', `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`);
  }
}

const reject = (httpStatus: number, verdict: string, detail: string, orderNo?: string): Judgement => ({ httpStatus, transResult: 'FAIL', verdict, detail, orderNo });

async function judge(deps: Deps, request: NotificationRequest): Promise<Judgement> {
  if (request.method.toUpperCase() !== 'POST') return reject(405, 'METHOD_NOT_ALLOWED', `${request.method} is not POST`);
  if (request.body.byteLength > MAX_NOTIFICATION_BYTES) return reject(413, 'TOO_LARGE', `${request.body.byteLength} bytes`);
  if (!deps.newpay) return reject(503, 'MISCONFIGURED', 'NewPay settings missing');

  let notification: PaymentNotification;
  try {
    notification = verifyNotification(request.body, deps.newpay.settings.platformPublicKey);
  } catch (error) {
    if (error instanceof NotificationError) return reject(error.httpStatus, error instanceof MalformedNotificationError ? 'MALFORMED' : 'BAD_SIGNATURE', error.message);
    throw error;
  }
  const { orderNo } = notification;
  const order = await guard(() => deps.store.findOrder(orderNo));
  if ('failed' in order) return order.failed;
  if (!order.value) return reject(404, 'UNKNOWN_ORDER', `signed notification for an order we do not have (${notification.outcome})`, orderNo);

  // Identity checks: a genuine signature about another app, merchant or NewPay order changes nothing.
  const settings = deps.newpay.settings;
  const mismatch =
    notification.appId !== settings.appId ? 'appId' :
    notification.merchantId !== undefined && notification.merchantId !== settings.merchantId ? 'merchantId' :
    order.value.newpayOrderNo && notification.newpayOrderNo !== order.value.newpayOrderNo ? 'newpayOrderNo' : undefined;
  if (mismatch) return reject(400, 'MISMATCH', `${mismatch} does not match the order`, orderNo);

  const settled = await guard(() =>
    settlePayment(deps, { orderNo, outcome: notification.outcome, orderAmt: notification.orderAmt, currency: notification.currency, newpayOrderNo: notification.newpayOrderNo, source: 'notification' }),
  );
  if ('failed' in settled) return { ...settled.failed, orderNo };
  const result = settled.value;
  const reading = notification.signatureReading === 'empty-strings-omitted' ? ' (signed with empty strings omitted)' : '';
  switch (result.result) {
    case 'APPLIED':
      return { httpStatus: 200, transResult: 'SUCCESS', verdict: result.status, orderNo, detail: `${notification.outcome}${reading}` };
    case 'DUPLICATE':
      return { httpStatus: 200, transResult: 'SUCCESS', verdict: 'DUPLICATE', orderNo, detail: `order already ${result.order.status}` };
    case 'IGNORED':
      return { httpStatus: 200, transResult: 'SUCCESS', verdict: 'IGNORED', orderNo, detail: result.reason };
    case 'FLAGGED':
      // Recorded and flagged for a person; NewPay retrying the same body would change nothing.
      return { httpStatus: 200, transResult: 'SUCCESS', verdict: 'FLAGGED', orderNo, detail: `amount or currency differs: ${notification.orderAmt} ${notification.currency}` };
    case 'UNKNOWN_ORDER':
      return reject(404, 'UNKNOWN_ORDER', 'order disappeared', orderNo);
  }
}

/** Storage failures become 503 so NewPay retries; nothing else is swallowed. */
async function guard<T>(operation: () => Promise<T>): Promise<{ value: T } | { failed: Judgement }> {
  try {
    return { value: await operation() };
  } catch (error) {
    if (error instanceof StoreError) return { failed: reject(503, 'STORE_FAILED', error.message) };
    throw error;
  }
}
