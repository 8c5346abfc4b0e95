/**
 * Runs the deployed function code (each cloudfunctions/<name>/src main) against the embedded store,
 * a NewPay double on loopback, test keys, a movable clock and captured logs.
 */
import { randomBytes } from 'node:crypto';
import { main as catalog } from '../../cloudfunctions/catalog/src';
import { main as createPayment } from '../../cloudfunctions/createPayment/src';
import { main as getOrder } from '../../cloudfunctions/getOrder/src';
import { main as listOrders } from '../../cloudfunctions/listOrders/src';
import { main as miniPayment } from '../../cloudfunctions/miniPayment/src';
import { main as payNotify } from '../../cloudfunctions/payNotify/src';
import { main as reconcile } from '../../cloudfunctions/reconcile/src';
import type { ErrorBody, EventOf, FunctionName, HttpAccessEvent, HttpAccessResponse, ResultOf } from '../../typings/contracts';
import { EmbeddedStore } from '../../server/orders/embeddedStore';
import type { Store } from '../../server/orders/store';
import { useRuntime, Runtime } from '../../server/platform/runtime';
import { keyText } from './fixtures';
import { NewPayDouble } from './newpayDouble';
import { PRODUCTS } from './orders';

const callables = { catalog, createPayment, getOrder, listOrders, miniPayment };

export interface Harness {
  readonly newpay: NewPayDouble;
  store: Store;
  readonly logs: Record<string, string | number>[];
  /** Milliseconds since the epoch as the functions see it; move it to test expiry and reconciliation. */
  clock: number;
  env: Record<string, string | undefined>;
  call<N extends FunctionName>(name: N, event: EventOf<N> | Record<string, unknown>, openid?: string): Promise<ResultOf<N>>;
  notify(event: Partial<HttpAccessEvent>): Promise<HttpAccessResponse>;
  /** Checks out (one coffee by default) through createPayment and answers the PAYING order's number. */
  payingOrder(checkout?: { key?: string; items?: { sku: string; qty: number }[]; openid?: string }): Promise<string>;
  /**
   * Invokes reconcile as CloudBase's timer trigger does (a timer event, a context without a user);
   * pass another event or context to see how it treats any other caller.
   */
  reconcile(event?: unknown, context?: unknown): Promise<{ ok: boolean; summary: Record<string, number>; error?: ErrorBody }>;
  /** A fresh runtime (cold start) over the current store and env. */
  restart(): void;
}

export const USER = 'o-user-a';
export const OTHER_USER = 'o-user-b';
export const OUR_APPID = 'wxOURSHOP';

export async function startHarness(): Promise<Harness> {
  const newpay = await NewPayDouble.start();
  const harness: Harness = {
    newpay,
    store: undefined as unknown as Store,
    logs: [],
    clock: Date.parse('2026-11-21T10:00:00.000Z'),
    env: {
      STORE_CURRENCY: 'LAK',
      MAX_ORDER_AMOUNT: '5000000',
      ORDER_TTL_MINUTES: '30',
      RECONCILE_AFTER_MINUTES: '10',
      NEWPAY_APP_ID: 'app-1',
      NEWPAY_MERCHANT_ID: 'mch-1',
      NEWPAY_MERCHANT_PRIVATE_KEY: keyText('merchant_private_pkcs8.pem'),
      NEWPAY_PLATFORM_PUBLIC_KEY: keyText('platform_public.pem'),
      NEWPAY_BASE_URL: newpay.baseUrl,
      NEWPAY_NOTIFY_URL: 'https://shop.example.la/newpay/notify',
      NEWPAY_TIMEOUT_MS: '500',
    },
    async call(name, event, openid = USER) {
      return (await callables[name](event, { OPENID: openid, APPID: OUR_APPID })) as never;
    },
    async notify(event) {
      harness.clock += 1; // deliveries arrive one after another
      return (await payNotify({ path: '/newpay/notify', httpMethod: 'POST', headers: { 'content-type': 'application/json' }, isBase64Encoded: false, body: '', ...event })) as HttpAccessResponse;
    },
    async payingOrder({ key = `checkout-${randomBytes(6).toString('hex')}`, items = [{ sku: 'coffee', qty: 1 }], openid = USER } = {}) {
      const result = await harness.call('createPayment', { items, idempotencyKey: key }, openid);
      if (!result.ok) throw new Error(result.error.message);
      return result.order.orderNo;
    },
    async reconcile(event = { Type: 'Timer', TriggerName: 'every5minutes', Time: new Date(harness.clock).toISOString().replace(/\.\d{3}Z$/, 'Z') }, context = {}) {
      return (await reconcile(event, context)) as never;
    },
    restart() {
      const runtime: Runtime = {
        store: harness.store,
        env: { ...harness.env },
        logSink: (level, record) => harness.logs.push({ ...record, level }),
        identify: (context) => {
          const c = (context ?? {}) as { OPENID?: string; APPID?: string };
          return { openid: c.OPENID, appid: c.APPID };
        },
        now: () => harness.clock,
        randomBytes,
      };
      useRuntime(() => runtime);
    },
  };
  baseEnv.set(harness, { ...harness.env });
  return harness;
}

const baseEnv = new WeakMap<Harness, Record<string, string | undefined>>();

/** A clean store with the catalog seeded, a clean NewPay double, and a cold start. */
export async function resetHarness(harness: Harness): Promise<void> {
  harness.env = { ...baseEnv.get(harness)! };
  const store = await EmbeddedStore.open();
  await store.seedProducts(PRODUCTS);
  harness.store = store;
  harness.logs.length = 0;
  harness.newpay.reset();
  harness.restart();
}

export function stopHarness(harness: Harness): Promise<void> {
  useRuntime(undefined);
  return harness.newpay.stop();
}
