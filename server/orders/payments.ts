/**
 * createPayment and miniPayment: a cart becomes a server-priced order, a NewPay order and a launch
 * instruction. The order is written PENDING before NewPay is called, so nothing NewPay knows about is
 * ever missing on our side; the same idempotency key never makes a second order or NewPay order.
 */
import { createHash } from 'node:crypto';
import type { ClientOrder, EnvVersion, EventOf, Launch, Product } from '../../typings/contracts';
import { formatAmount } from '../../miniprogram/domain/money';
import { AppError } from '../core/errors';
import { decideAccepted } from '../core/orderState';
import { isValidOrderNo, newOrderNo } from '../core/orderNo';
import { orderSubject, priceCart, readCartLines } from '../core/pricing';
import { firstReconcileAt } from '../core/reconcileSchedule';
import { NewPayBusinessError, NewPayError } from '../newpay/errors';
import { decideLaunch } from '../newpay/launch';
import type { Caller, Deps } from './deps';
import { reportedAmountMatches, settlePayment } from './settlement';
import { OrderRecord } from './store';
import { toClientOrder } from './views';

/** How long one request may hold an order while it talks to NewPay (above the NewPay timeout). */
const LEASE_MS = 20_000;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;

export interface PaymentAnswer {
  readonly order: ClientOrder;
  readonly launch?: Launch;
}

export async function createPayment(deps: Deps, caller: Caller, event: Partial<EventOf<'createPayment'>>): Promise<PaymentAnswer> {
  const newpay = requireNewPay(deps);
  if (typeof event.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(event.idempotencyKey)) {
    throw new AppError('INVALID_REQUEST', 'idempotencyKey must be 8 to 64 characters of letters, digits, - or _');
  }
  if (event.envVersion !== undefined && event.envVersion !== 'release' && event.envVersion !== 'trial') {
    throw new AppError('INVALID_REQUEST', 'envVersion must be release or trial');
  }
  const lines = readCartLines(event.items);
  const catalog = new Map<string, Product>((await deps.store.listProducts()).map((p) => [p.sku, p]));
  const priced = priceCart(lines, catalog, deps.settings);
  const now = deps.now();
  const candidate: OrderRecord = {
    _id: createHash('sha256').update(`${caller.openid}\n${event.idempotencyKey}`).digest('hex'),
    orderNo: newOrderNo(new Date(now), deps.randomBytes),
    openid: caller.openid,
    status: 'PENDING',
    currency: priced.total.currency,
    amount: formatAmount(priced.total),
    items: priced.items,
    cartHash: createHash('sha256').update(JSON.stringify([...lines].sort((a, b) => (a.sku < b.sku ? -1 : 1)))).digest('hex'),
    envVersion: chooseEnvVersion(event.envVersion, newpay.settings),
    createdAt: now,
    updatedAt: now,
    expiresAt: now + deps.settings.orderTtlMs,
    leaseUntil: 0,
    attempts: 0,
    flags: [],
    reconcileAt: firstReconcileAt(now, deps.settings),
  };
  const insert = await deps.store.insertOrder(candidate);
  let order = candidate;
  if (insert.inserted) {
    deps.log.info({ event: 'order.created', orderNo: order.orderNo, outcome: 'PENDING', detail: `${order.amount} ${order.currency}` });
  } else {
    order = insert.existing;
    if (order.cartHash !== candidate.cartHash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this checkout was already used for a different cart; start a new checkout');
    }
  }
  return ensureNewPayOrder(deps, caller, order);
}

/** The server decides: a client's trial is honoured only where configuration allows trial. */
function chooseEnvVersion(requested: EnvVersion | undefined, settings: { envVersion: EnvVersion; allowTrial: boolean }): EnvVersion {
  if (requested === 'trial' && settings.allowTrial) return 'trial';
  return settings.envVersion;
}

async function ensureNewPayOrder(deps: Deps, caller: Caller, order: OrderRecord): Promise<PaymentAnswer> {
  if (order.status !== 'PENDING') return answer(order);
  const newpay = requireNewPay(deps);
  const now = deps.now();
  const leased = await deps.store.updateOrder(order.orderNo, { statusIn: ['PENDING'], leaseExpiredAt: now }, { leaseUntil: now + LEASE_MS, attempts: order.attempts + 1, updatedAt: now });
  if (!leased) {
    const current = await deps.store.findOrder(order.orderNo);
    if (current && current.status !== 'PENDING') return answer(current);
    throw new AppError('IN_PROGRESS', 'this payment is being prepared; try again in a moment', true);
  }

  // An earlier attempt may have created the NewPay order without our hearing back: ask before creating.
  if (order.lastError?.outcomeUnknown) {
    const settled = await settleFromQuery(deps, order);
    if (settled) return answer(settled);
  }

  let created;
  try {
    created = await newpay.client.createOpenMini({
      orderNo: order.orderNo,
      orderAmt: order.amount,
      currency: order.currency,
      subject: orderSubject(order.items),
      callBackUrl: newpay.settings.notifyUrl,
      envVersion: order.envVersion,
    });
  } catch (error) {
    throw await recordFailure(deps, order, error);
  }
  if (!reportedAmountMatches(order, created.orderAmt) || (created.currency !== undefined && created.currency !== order.currency)) {
    deps.log.error({ event: 'newpay.createOpenMini', orderNo: order.orderNo, outcome: 'AMOUNT_MISMATCH', detail: `NewPay answered ${created.orderAmt} ${created.currency ?? ''} for ${order.amount} ${order.currency}` });
    throw await recordFailure(deps, order, new AppError('PAYMENT_PROVIDER_REFUSED', 'the payment service answered with a different amount; this order cannot be paid'));
  }
  const launch = decideLaunch(created.payUrl, { orderNo: order.orderNo, envVersion: order.envVersion, ownAppId: caller.appid });
  const accepted = decideAccepted(order);
  const paying = { status: 'PAYING' as const, newpayOrderNo: created.newpayOrderNo, tranNo: created.tranNo ?? null, payUrl: created.payUrl, launch, leaseUntil: 0, lastError: null, updatedAt: deps.now() };
  if (accepted.kind === 'apply' && (await deps.store.updateOrder(order.orderNo, { statusIn: [accepted.from] }, paying))) {
    deps.log.info({ event: 'order.transition', orderNo: order.orderNo, outcome: `${accepted.from}->PAYING`, detail: `launch ${launch.kind}` });
    return answer({ ...order, ...paying });
  }
  // A notification overtook us (the user paid very fast): show the order as it is now.
  return answer((await deps.store.findOrder(order.orderNo)) ?? order);
}

/** After an unknown outcome: NewPay's word on the order, applied if final. Returns the settled order, or null to go on creating. */
async function settleFromQuery(deps: Deps, order: OrderRecord): Promise<OrderRecord | null> {
  const newpay = requireNewPay(deps);
  try {
    const found = await newpay.client.queryOrder({ orderNo: order.orderNo });
    deps.log.info({ event: 'newpay.queryOrder', orderNo: order.orderNo, outcome: found.status });
    if (found.status === 'PROCESSING') return null; // same orderNo again: NewPay returns it or refuses Z01028, never a second order
    const settled = await settlePayment(deps, { orderNo: order.orderNo, outcome: found.status, orderAmt: found.orderAmt, currency: found.currency, newpayOrderNo: found.newpayOrderNo, source: 'query' });
    return 'order' in settled ? settled.order : null;
  } catch (error) {
    if (error instanceof NewPayBusinessError && error.reason === 'ORDER_NOT_FOUND') return null;
    throw await recordFailure(deps, order, error);
  }
}

/** Keeps the order PENDING with the error on it, frees the lease, and says what the caller can do. */
async function recordFailure(deps: Deps, order: OrderRecord, error: unknown): Promise<AppError> {
  const appError = toAppError(error);
  const newpayError = error instanceof NewPayError ? error : undefined;
  const at = deps.now();
  const lastError = {
    code: newpayError?.code ?? appError.code,
    message: newpayError?.message ?? appError.message,
    retryable: appError.retryable,
    outcomeUnknown: newpayError?.outcomeUnknown ?? false,
    at,
  };
  await deps.store.updateOrder(order.orderNo, { statusIn: ['PENDING'] }, { lastError, leaseUntil: 0, updatedAt: at });
  const level = appError.retryable ? deps.log.warn : deps.log.error;
  level({ event: 'newpay.call', orderNo: order.orderNo, outcome: appError.code, newpayCode: newpayError?.code, detail: newpayError?.message ?? appError.message });
  return appError;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof NewPayBusinessError && error.reason === 'DUPLICATE_ORDER_NO') {
    // Only after an unknown outcome: NewPay has the order but cannot give its payment link again.
    return new AppError('PAYMENT_PROVIDER_REFUSED', 'this payment could not be resumed; please start a new checkout', false);
  }
  if (error instanceof NewPayBusinessError) {
    return new AppError('PAYMENT_PROVIDER_REFUSED', `the payment service refused this order (${error.code})`, error.retryable);
  }
  if (error instanceof NewPayError) {
    // Every NewPay error but a refusal leaves the outcome unknown, and a retry with the same key asks first.
    return new AppError('PAYMENT_PROVIDER_UNAVAILABLE', 'the payment service did not answer properly; try again', true);
  }
  throw error;
}

export async function miniPayment(deps: Deps, caller: Caller, event: Partial<EventOf<'miniPayment'>>) {
  const newpay = requireNewPay(deps);
  if (typeof event.code !== 'string' || event.code === '' || event.code.length > 128) throw new AppError('INVALID_REQUEST', 'code (from wx.login) is required');
  const order = await ownOrder(deps, caller, event.orderNo);
  if (order.status !== 'PAYING' || !order.newpayOrderNo) throw new AppError('NOT_PAYABLE', `order ${order.orderNo} is ${order.status} and cannot be paid now`);
  try {
    const payment = await newpay.client.getMiniPayment({ code: event.code, newpayOrderNo: order.newpayOrderNo });
    deps.log.info({ event: 'newpay.getMiniPayment', orderNo: order.orderNo, outcome: 'OK' });
    return { payment };
  } catch (error) {
    const appError = toAppError(error);
    deps.log.warn({ event: 'newpay.getMiniPayment', orderNo: order.orderNo, outcome: appError.code, newpayCode: error instanceof NewPayError ? error.code : undefined });
    throw appError;
  }
}

/** The caller's own order, or NOT_FOUND (also for someone else's orderNo: no hint that it exists). */
export async function ownOrder(deps: Deps, caller: Caller, orderNo: unknown): Promise<OrderRecord> {
  if (!isValidOrderNo(orderNo)) throw new AppError('INVALID_REQUEST', 'orderNo is required');
  const order = await deps.store.findOrder(orderNo);
  if (!order || order.openid !== caller.openid) throw new AppError('NOT_FOUND', `no order ${orderNo}`);
  return order;
}

function answer(order: OrderRecord): PaymentAnswer {
  return order.status === 'PAYING' && order.launch ? { order: toClientOrder(order), launch: order.launch } : { order: toClientOrder(order) };
}

function requireNewPay(deps: Deps): NonNullable<Deps['newpay']> {
  if (!deps.newpay) throw new AppError('MISCONFIGURED', 'this function is not configured for NewPay');
  return deps.newpay;
}
