/**
 * The local stack: the deployed function code on a small HTTP host, the embedded store under
 * DATA_DIR, and the NewPay sandbox on the same port, wired with generated keys. The whole purchase
 * runs on one machine with no Tencent or NewPay account.
 *
 *   POST /functions/<name>     event as JSON (x-wx-openid header: the user) → {"result": …}
 *   POST /timers/<name>        fires a timer trigger now (reconcile; it also fires on its schedule)
 *   ANY  /http/<path>          CloudBase HTTP access: /http/newpay/notify → payNotify
 *   *    /newpay-sandbox/…     the NewPay sandbox (API, cashier, faults)
 *
 * A body over 1 MiB is answered 413 with a JSON message, as CloudBase's gateway refuses it.
 */
import { mkdirSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { main as catalog } from '../../cloudfunctions/catalog/src';
import { main as createPayment } from '../../cloudfunctions/createPayment/src';
import { main as getOrder } from '../../cloudfunctions/getOrder/src';
import { main as listOrders } from '../../cloudfunctions/listOrders/src';
import { main as miniPayment } from '../../cloudfunctions/miniPayment/src';
import { main as payNotify } from '../../cloudfunctions/payNotify/src';
import { main as reconcile } from '../../cloudfunctions/reconcile/src';
import reconcileConfig from '../../cloudfunctions/reconcile/config.json';
import lakProducts from '../catalog/products.json';
import usdProducts from '../catalog/products.usd.json';
import type { HttpAccessEvent, HttpAccessResponse, Product } from '../../typings/contracts';
import { EmbeddedStore } from '../orders/embeddedStore';
import { createLogger, Logger, LogSink } from '../platform/logger';
import { Runtime, useRuntime } from '../platform/runtime';
import { BodyTooLarge, closeServer, listenOnLoopback, MAX_BODY_BYTES, readBody, send, sendJson } from './http';
import { ensureLocalKeys } from './keys';
import { isSandboxPath, NewPaySandbox, SANDBOX_PREFIX } from './sandbox/sandbox';

export const DEFAULT_PORT = 8787;
export const LOCAL_OPENID = 'o-local-user';
export const LOCAL_APPID = 'wxLOCALSHOP';

type Main = (event: unknown, context: unknown) => Promise<unknown>;

const callables: Record<string, Main> = { catalog, createPayment, getOrder, listOrders, miniPayment };
const httpRoutes: Record<string, Main> = { '/newpay/notify': payNotify };
/** Functions CloudBase runs from a timer trigger (config.json names it); never callable here either. */
const timers: Record<string, { main: Main; trigger: string }> = {
  reconcile: { main: reconcile, trigger: reconcileConfig.triggers[0]?.name ?? 'timer' },
};

/** Backend settings an engineer may override from the environment of `npm start`. */
export const OVERRIDABLE = [
  'NEWPAY_APP_ID',
  'NEWPAY_MERCHANT_ID',
  'STORE_CURRENCY',
  'MAX_ORDER_AMOUNT',
  'ORDER_TTL_MINUTES',
  'RECONCILE_AFTER_MINUTES',
  'LATE_PAYMENT_WINDOW_HOURS',
  'NEWPAY_ENV_VERSION',
  'NEWPAY_ALLOW_TRIAL',
  'NEWPAY_TIMEOUT_MS',
] as const;

export interface StackOptions {
  readonly dataDir: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly host?: string;
  /** Overrides of the generated settings (see OVERRIDABLE). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The sandbox's callback schedule multiplier (1 = NewPay's real 5 minutes). */
  readonly timeScale?: number;
  /** How often the reconcile timer runs; 0 disables it (tests trigger it by hand). */
  readonly reconcileEveryMs?: number;
  readonly logSink?: LogSink;
  readonly sandboxLog?: (line: Record<string, unknown>) => void;
}

export interface Stack {
  readonly url: string;
  readonly port: number;
  readonly sandbox: NewPaySandbox;
  readonly store: EmbeddedStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly keysGenerated: boolean;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  mkdirSync(options.dataDir, { recursive: true });
  const keys = ensureLocalKeys(options.dataDir);
  const store = await EmbeddedStore.open(options.dataDir);

  const server = createServer();
  const port = await listenOnLoopback(server, options.port ?? DEFAULT_PORT, options.host);
  const url = `http://127.0.0.1:${port}`;

  const overrides = Object.fromEntries(OVERRIDABLE.filter((k) => options.env?.[k]).map((k) => [k, options.env![k]]));
  const env: Record<string, string | undefined> = {
    STORE_CURRENCY: 'LAK',
    MAX_ORDER_AMOUNT: '50000000',
    ORDER_TTL_MINUTES: '30',
    RECONCILE_AFTER_MINUTES: '10',
    NEWPAY_APP_ID: 'sandbox-app',
    NEWPAY_MERCHANT_ID: 'sandbox-merchant',
    NEWPAY_ALLOW_TRIAL: 'true',
    ...overrides,
    // Always the local keys and URLs: the sandbox holds the platform key that matches.
    NEWPAY_MERCHANT_PRIVATE_KEY_FILE: keys.merchantPrivateFile,
    NEWPAY_PLATFORM_PUBLIC_KEY_FILE: keys.platformPublicFile,
    NEWPAY_BASE_URL: `${url}${SANDBOX_PREFIX}`,
    NEWPAY_NOTIFY_URL: `${url}/http/newpay/notify`,
  };
  await seedCatalog(store, env.STORE_CURRENCY === 'USD' ? 'USD' : 'LAK');

  const sandbox = new NewPaySandbox({
    appId: env.NEWPAY_APP_ID!,
    merchantId: env.NEWPAY_MERCHANT_ID!,
    merchantPublicKey: keys.merchantPublicKey,
    platformPrivateKey: keys.platformPrivateKey,
    publicUrl: `${url}${SANDBOX_PREFIX}`,
    merchantName: 'Local shop',
    dataDir: options.dataDir,
    timeScale: options.timeScale,
    log: options.sandboxLog,
  });
  await sandbox.start();

  const runtime: Runtime = {
    store,
    env,
    logSink: options.logSink ?? ((_level, record) => process.stdout.write(`${JSON.stringify(record)}\n`)),
    identify: (context) => {
      const c = (context ?? {}) as { OPENID?: string; APPID?: string };
      return { openid: c.OPENID, appid: c.APPID };
    },
  };
  useRuntime(() => runtime);

  const log = createLogger(runtime.logSink, { fn: 'local-host' });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res, sandbox).catch((error: Error) => answerFailure(req, res, error, log));
  });

  const reconcileEvery = options.reconcileEveryMs ?? 5 * 60_000;
  const timer =
    reconcileEvery > 0
      ? setInterval(() => {
          fireTimer('reconcile').catch((error: Error) => log.error({ event: 'timer', outcome: 'ERROR', detail: `reconcile: ${error.message}` }));
        }, reconcileEvery)
      : undefined;

  return {
    url,
    port,
    sandbox,
    store,
    env,
    keysGenerated: keys.generated,
    async stop() {
      if (timer) clearInterval(timer);
      await sandbox.stop();
      await closeServer(server);
      useRuntime(undefined);
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, sandbox: NewPaySandbox): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname;
  if (isSandboxPath(path)) return sandbox.handle(req, res, path.slice(SANDBOX_PREFIX.length));
  if (path === '/health') return sendJson(res, 200, { ok: true });

  const fn = /^\/functions\/([A-Za-z]+)$/.exec(path);
  if (fn) {
    const name = fn[1]!;
    if (Object.hasOwn(timers, name)) return sendJson(res, 404, { message: `${name} runs from its timer trigger, not from the mini program: POST /timers/${name} fires it` });
    const main = Object.hasOwn(callables, name) ? callables[name] : undefined;
    if (!main) return sendJson(res, 404, { message: `no function ${name}` });
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'POST the event as JSON' });
    const raw = (await readBody(req)).toString('utf8');
    let event: unknown = {};
    try {
      event = raw.trim() ? JSON.parse(raw) : {};
    } catch {
      return sendJson(res, 400, { message: 'the event must be JSON' });
    }
    const openid = req.headers['x-wx-openid'];
    const result = await main(event, { OPENID: typeof openid === 'string' && openid ? openid : LOCAL_OPENID, APPID: LOCAL_APPID });
    return sendJson(res, 200, { result });
  }

  if (path.startsWith('/http/')) {
    const accessPath = path.slice('/http'.length);
    const main = Object.hasOwn(httpRoutes, accessPath) ? httpRoutes[accessPath] : undefined;
    if (!main) return sendJson(res, 404, { message: `no HTTP access route ${accessPath}` });
    const body = await readBody(req, MAX_BODY_BYTES);
    const text = body.toString('utf8');
    const isText = Buffer.from(text, 'utf8').equals(body);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
    const event: HttpAccessEvent = {
      path: accessPath,
      httpMethod: req.method ?? 'GET',
      headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      body: isText ? text : body.toString('base64'),
      isBase64Encoded: !isText,
    };
    const response = (await main(event, {})) as HttpAccessResponse;
    res.writeHead(response.statusCode, response.headers).end(response.body);
    return;
  }
  const timerName = /^\/timers\/([A-Za-z]+)$/.exec(path)?.[1];
  if (timerName !== undefined) {
    if (!Object.hasOwn(timers, timerName)) return sendJson(res, 404, { message: `no timer ${timerName}; timers: ${Object.keys(timers).join(' ')}` });
    if (req.method !== 'POST') return sendJson(res, 405, { message: `POST /timers/${timerName} fires the timer` });
    return sendJson(res, 200, { result: await fireTimer(timerName) });
  }
  send(res, 404, 'not found: see /newpay-sandbox for the sandbox, POST /functions/<name> for functions, POST /timers/<name> for timers\n', 'text/plain; charset=utf-8');
}

/**
 * Runs a timer function as CloudBase's trigger does: the timer event (the trigger's name, the time to
 * the second) and a context without a user, which is what the function insists on.
 */
function fireTimer(name: string): Promise<unknown> {
  const { main, trigger } = timers[name]!;
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return main({ Type: 'Timer', TriggerName: trigger, Time: time }, {});
}

/** A request that failed before its answer: 413 for a body over the limit (logged: it never reached a function), else 500. */
function answerFailure(req: IncomingMessage, res: ServerResponse, error: Error, log: Logger): void {
  const tooLarge = error instanceof BodyTooLarge;
  const status = tooLarge ? 413 : 500;
  log[tooLarge ? 'warn' : 'error']({ event: 'http', outcome: tooLarge ? 'TOO_LARGE' : 'INTERNAL', status, detail: `${req.method} ${req.url}: ${error.message}` });
  if (!res.headersSent) sendJson(res, status, { message: error.message });
}

/** Seeds the sample catalog in the store's currency when it has no products in it yet. */
async function seedCatalog(store: EmbeddedStore, currency: 'LAK' | 'USD'): Promise<void> {
  if ((await store.listProducts()).some((p) => p.price.currency === currency)) return;
  await store.seedProducts((currency === 'USD' ? usdProducts : lakProducts) as Product[]);
}
