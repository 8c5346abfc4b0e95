/**
 * A NewPay sandbox that behaves like NewPay on the wire, in the spirit of stripe-mock: it checks the
 * merchant's signature and fields and answers with NewPay's business codes, signs every answer and
 * callback with its own platform key, serves a cashier page, delivers the v1 payment callback on
 * NewPay's retry schedule, and injects the faults a real integration must survive.
 *
 * Mounted at /newpay-sandbox by the local stack, or run alone with `npx newpay sandbox`.
 */
import Datastore from '@seald-io/nedb';
import axios from 'axios';
import { KeyObject, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AmountError, formatAmount, isCurrency, parseAmount } from '../../../miniprogram/domain/money';
import { DEFAULT_PATHS } from '../../newpay/client';
import { ExactNumber, ExactObject, JsonSyntaxError, parseExactObject, scalarText, stringifyExact } from '../../newpay/exactJson';
import { signTestNotification } from '../../newpay/notification';
import { signFields, verifyFields } from '../../newpay/signature';
import { BodyTooLarge, readBody, send, sendJson, sleep } from '../http';
import { cashierPage } from './cashierPage';
import { FaultBook, faultHelpLines, FaultRefusal, FaultRequest, parseFaultRequest } from './faults';

export type { FaultRequest, Faults } from './faults';

export const SANDBOX_PREFIX = '/newpay-sandbox';
export const SANDBOX_CASHIER_APPID = 'wxSANDBOXCASHIER';
export const SANDBOX_CASHIER_PATH = 'pages/cashier/index';
/** NewPay v1: first delivery, then every 5 minutes, 3 retries (newpay.md §6.1). */
export const CALLBACK_SCHEDULE_MS = [0, 5 * 60_000, 10 * 60_000, 15 * 60_000];

export interface SandboxOptions {
  readonly appId: string;
  readonly merchantId: string;
  readonly merchantPublicKey: KeyObject;
  readonly platformPrivateKey: KeyObject;
  /** The public base URL of the sandbox, e.g. http://127.0.0.1:8787/newpay-sandbox (for cashier links). */
  readonly publicUrl: string;
  readonly merchantName?: string;
  /** Where sandbox orders persist across restarts; memory when absent. */
  readonly dataDir?: string;
  /** Multiplies the callback schedule: 1 is NewPay's real 5-minute rhythm, 0.001 makes it 300 ms. */
  readonly timeScale?: number;
  readonly log?: (line: Record<string, unknown>) => void;
}

export type SandboxStatus = 'PROCESSING' | 'SUCCESS' | 'FAILURE';

export interface SandboxOrder {
  readonly _id: string;
  readonly newpayOrderNo: string;
  readonly orderNo: string;
  readonly currency: string;
  readonly orderAmt: string;
  readonly subject: string;
  readonly callBackUrl: string;
  readonly envVersion: string;
  readonly tranNo: string;
  readonly createdAt: number;
  status: SandboxStatus;
  paidAt?: number;
  callback: { attempts: number; acknowledged: boolean; nextAt: number | null; last?: string };
  refunded: number;
  refundNos: string[];
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class NewPaySandbox {
  private readonly orders: Datastore<SandboxOrder>;
  private readonly timeScale: number;
  private readonly log: (line: Record<string, unknown>) => void;
  private readonly faultBook = new FaultBook();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<ServerResponse>();
  /**
   * One controller per wait or callback request under way, aborted by stop(). Not one shared signal:
   * each wait and each axios call adds an abort listener to the signal it is given, and duplicated
   * deliveries would put dozens on a shared one at once (MaxListenersExceededWarning).
   */
  private readonly aborts = new Set<AbortController>();
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: SandboxOptions) {
    this.orders = new Datastore<SandboxOrder>(options.dataDir ? { filename: join(options.dataDir, 'sandbox_orders.db') } : { inMemoryOnly: true });
    this.timeScale = options.timeScale ?? 1;
    this.log = options.log ?? (() => undefined);
  }

  /** Loads persisted orders and resumes callbacks NewPay would still be retrying. */
  async start(): Promise<void> {
    await this.orders.loadDatabaseAsync();
    await this.orders.ensureIndexAsync({ fieldName: 'orderNo', unique: true });
    const pending = await this.orders.findAsync({ status: { $in: ['SUCCESS', 'FAILURE'] }, 'callback.acknowledged': false, 'callback.nextAt': { $ne: null } });
    for (const order of pending) this.schedule(order.newpayOrderNo, Math.max(0, (order.callback.nextAt ?? 0) - Date.now()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const controller of this.aborts) controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    await Promise.allSettled([...this.inFlight]);
  }

  async findByOrderNo(orderNo: string): Promise<SandboxOrder | null> {
    return this.orders.findOneAsync({ orderNo });
  }

  async countOrders(): Promise<number> {
    return this.orders.countAsync({});
  }

  /** Handles a request under /newpay-sandbox; `path` is what follows the prefix. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      const api = Object.entries(DEFAULT_PATHS).find(([, p]) => p === path)?.[0];
      if (api && method === 'POST') return await this.api(api, req, res);
      const cashier = /^\/cashier\/([0-9]{1,32})(\/pay)?\/?$/.exec(path);
      if (cashier && method === 'GET' && !cashier[2]) return await this.showCashier(cashier[1]!, res);
      if (cashier && method === 'POST' && cashier[2]) return await this.pay(cashier[1]!, req, res);
      if (path === '/admin/faults') return await this.faults(method, req, res);
      if (path === '' || path === '/') return send(res, 200, this.indexPage(), 'text/plain; charset=utf-8');
      sendJson(res, 404, { message: `no sandbox route ${method} ${path}` });
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, { message: error.message });
      this.log({ event: 'sandbox.error', detail: (error as Error).message });
      sendJson(res, 500, { message: 'sandbox error' });
    }
  }

  // ---- NewPay's API -------------------------------------------------------------------------

  private async api(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    let fields: ExactObject;
    try {
      fields = parseExactObject(raw);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return this.refuse(res, new Refusal('B11095', 'illegal request: body is not a JSON object'));
    }
    try {
      if (name === 'getMiniPayment') return sendJson(res, 200, await this.getMiniPayment(fields));
      this.checkCaller(fields);
      if (name === 'createOpenMini') return await this.createOpenMini(fields, res);
      if (name === 'queryOrder') return sendJson(res, 200, await this.queryOrder(fields));
      if (name === 'refund') return sendJson(res, 200, await this.refund(fields));
    } catch (error) {
      if (error instanceof Refusal) return this.refuse(res, error);
      throw error;
    }
  }

  /** What every signed request must satisfy, in the order NewPay reports it. */
  private checkCaller(fields: ExactObject): void {
    if (typeof fields.sign !== 'string' || fields.sign === '') throw new Refusal('Z00005', 'sign field illegal');
    if (!verifyFields(fields, this.options.merchantPublicKey)) throw new Refusal('Z00007', 'sign verification failed');
    if (scalarText(fields.appId) !== this.options.appId) throw new Refusal('Z00003', 'appid wrong');
    if (scalarText(fields.merchantId) !== this.options.merchantId) throw new Refusal('Z00044', 'merchantId wrong');
    if (!/^[0-9]{10,13}$/.test(scalarText(fields.timestamp) ?? '')) throw new Refusal('Z00004', 'timestamp field illegal');
  }

  private async createOpenMini(fields: ExactObject, res: ServerResponse): Promise<void> {
    const currency = scalarText(fields.currency) ?? '';
    if (!isCurrency(currency)) throw new Refusal('Z00016', 'currency illegal');
    const orderAmt = typeof fields.orderAmt === 'string' ? fields.orderAmt : '';
    if (currency === 'LAK' && /\./.test(orderAmt)) throw new Refusal('Z00020', 'orderAmt illegal: LAK must have no decimals');
    try {
      parseAmount(orderAmt, currency);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      throw new Refusal('Z00018', 'orderAmt illegal');
    }
    const orderNo = scalarText(fields.orderNo) ?? '';
    if (!/^[A-Za-z0-9]{1,32}$/.test(orderNo)) throw new Refusal('Z00023', 'orderNo illegal');
    const callBackUrl = scalarText(fields.callBackUrl) ?? '';
    if (!/^https?:\/\/[^\s]+$/.test(callBackUrl)) throw new Refusal('Z00032', 'callBackUrl illegal');
    const envVersion = scalarText(fields.envVersion) ?? 'release';
    if (envVersion !== 'release' && envVersion !== 'trial') throw new Refusal('B11095', 'illegal request: envVersion must be release or trial');

    const fault = this.faultBook.take(orderNo, 'createOpenMini');
    if (fault === '5xx') {
      this.log({ event: 'sandbox.fault', fault: 'createOpenMini 5xx', orderNo });
      return send(res, 502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
    }
    if (await this.orders.findOneAsync({ orderNo })) throw new Refusal('Z01028', 'order number not available, please change');

    const newpayOrderNo = await this.newNewpayOrderNo();
    const order: SandboxOrder = {
      _id: newpayOrderNo,
      newpayOrderNo,
      orderNo,
      currency,
      orderAmt,
      subject: scalarText(fields.subject) ?? '',
      callBackUrl,
      envVersion,
      tranNo: `SBX${newpayOrderNo.slice(-10)}`,
      createdAt: Date.now(),
      status: 'PROCESSING',
      callback: { attempts: 0, acknowledged: false, nextAt: null },
      refunded: 0,
      refundNos: [],
    };
    await this.orders.insertAsync(order);
    this.log({ event: 'sandbox.createOpenMini', orderNo, newpayOrderNo, orderAmt, currency });
    if (fault === 'timeout') {
      this.log({ event: 'sandbox.fault', fault: 'createOpenMini timeout (order created, no answer)', orderNo });
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return; // never answer
    }
    sendJson(
      res,
      200,
      this.success({
        appId: this.options.appId,
        currency,
        tranAbbr: 'WXMINI',
        tranNo: order.tranNo,
        orderAmt: this.newpayAmount(orderAmt, currency),
        payUrl: this.payUrl(order),
        orderNo,
        newpayOrderNo,
      }),
    );
  }

  private async getMiniPayment(fields: ExactObject): Promise<string> {
    const order = await this.orders.findOneAsync({ newpayOrderNo: scalarText(fields.newpayOrderNo) ?? '' });
    if (!order) throw new Refusal('E9008', 'order information does not exist');
    if (typeof fields.code !== 'string' || fields.code === '') throw new Refusal('B11095', 'illegal request: code is required');
    if (order.status !== 'PROCESSING') throw new Refusal(order.status === 'SUCCESS' ? 'Z01008' : 'Z01010', 'order is not payable');
    // Documented without a sign: WeChat checks paySign itself.
    return JSON.stringify({
      success: true,
      message: 'success',
      code: '0',
      timestamp: Date.now(),
      data: { timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr: randomBytes(8).toString('hex'), package: `prepay_id=sandbox${order.newpayOrderNo}`, signType: 'RSA', paySign: randomBytes(32).toString('base64') },
    });
  }

  private async queryOrder(fields: ExactObject): Promise<string> {
    const order = await this.orders.findOneAsync({ orderNo: scalarText(fields.orderNo) ?? '' });
    if (!order) throw new Refusal('E9008', 'order information does not exist');
    const transStatus = { SUCCESS: 1, FAILURE: 0, PROCESSING: 2 }[order.status];
    return this.success({
      appId: this.options.appId,
      tranAbbr: 'WXMINI',
      tranNo: order.tranNo,
      transStatus,
      transInfo: { SUCCESS: 'Transaction Success', FAILURE: 'Transaction Failed', PROCESSING: 'Processing' }[order.status],
      payMethod: 1,
      extra: '',
      orderNo: order.orderNo,
      newpayOrderNo: order.newpayOrderNo,
      currency: order.currency,
      orderAmt: this.newpayAmount(order.orderAmt, order.currency),
      subject: order.subject,
      settlementStatus: 1,
    });
  }

  private async refund(fields: ExactObject): Promise<string> {
    const order = await this.orders.findOneAsync({ orderNo: scalarText(fields.orderNo) ?? '' });
    if (!order) throw new Refusal('Z00051', 'order information does not exist');
    if (order.status !== 'SUCCESS') throw new Refusal('Z01010', 'payment failed for this order');
    const refundOrderNo = scalarText(fields.refundOrderNo) ?? '';
    if (!/^[A-Za-z0-9]{1,32}$/.test(refundOrderNo)) throw new Refusal('Z00049', 'refundOrderNo illegal');
    if (order.refundNos.includes(refundOrderNo)) throw new Refusal('Z01026', 'refund order number already exists');
    const amountText = scalarText(fields.refundOrderAmt) ?? '';
    if (order.currency === 'LAK' && amountText.includes('.')) throw new Refusal('Z00055', 'refundOrderAmt illegal: LAK must have no decimals');
    let minor: number;
    try {
      minor = parseAmount(amountText, order.currency as 'LAK' | 'USD').minor;
    } catch {
      throw new Refusal('Z00053', 'refundOrderAmt illegal');
    }
    const paid = parseAmount(order.orderAmt, order.currency as 'LAK' | 'USD').minor;
    if (order.refunded + minor > paid) throw new Refusal('Z01020', 'refund exceeds the amount actually paid');
    await this.orders.updateAsync({ _id: order._id }, { $inc: { refunded: minor }, $push: { refundNos: refundOrderNo } }, {});
    return this.success({
      appId: this.options.appId,
      tranStatus: 1,
      tranInfo: 'Refund Success',
      refundOrderAmt: amountText,
      payMethod: 1,
      currency: order.currency,
      orderNo: order.orderNo,
      refundOrderNo,
      newpayRefundOrderNo: `R${order.newpayOrderNo}${order.refundNos.length + 1}`,
    });
  }

  // ---- The cashier ---------------------------------------------------------------------------

  private async showCashier(newpayOrderNo: string, res: ServerResponse): Promise<void> {
    const order = await this.orders.findOneAsync({ newpayOrderNo });
    if (!order) return send(res, 404, 'No such NewPay order', 'text/plain; charset=utf-8');
    send(res, 200, cashierPage(order, this.options.merchantName ?? `Merchant ${this.options.merchantId}`), 'text/html; charset=utf-8');
  }

  private async pay(newpayOrderNo: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readBody(req, 4096)).toString('utf8'); // over 4 KB: 413 from handle()
    let outcome: unknown;
    try {
      outcome = (JSON.parse(raw) as { outcome?: unknown } | null)?.outcome;
    } catch {
      outcome = undefined;
    }
    if (outcome !== 'success' && outcome !== 'failure') return sendJson(res, 400, { message: 'send {"outcome": "success"} or {"outcome": "failure"}' });
    const status: SandboxStatus = outcome === 'success' ? 'SUCCESS' : 'FAILURE';
    const { numAffected } = await this.orders.updateAsync(
      { newpayOrderNo, status: 'PROCESSING' },
      { $set: { status, paidAt: Date.now(), 'callback.nextAt': Date.now() } },
      {},
    );
    const order = await this.orders.findOneAsync({ newpayOrderNo });
    if (!order) return sendJson(res, 404, { message: 'no such NewPay order' });
    if (numAffected === 0) return sendJson(res, 409, { message: `order is already ${order.status}`, status: order.status });
    this.log({ event: 'sandbox.pay', orderNo: order.orderNo, newpayOrderNo, outcome: status });
    this.schedule(newpayOrderNo, 0);
    sendJson(res, 200, { newpayOrderNo, orderNo: order.orderNo, status });
  }

  // ---- Callbacks -------------------------------------------------------------------------------

  private schedule(newpayOrderNo: string, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const delivery = this.deliver(newpayOrderNo).catch((error: Error) => this.log({ event: 'sandbox.callback', outcome: 'ERROR', detail: error.message }));
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }, delayMs);
    this.timers.add(timer);
  }

  private async deliver(newpayOrderNo: string): Promise<void> {
    const order = await this.orders.findOneAsync({ newpayOrderNo });
    if (!order || order.callback.acknowledged || order.status === 'PROCESSING') return;
    const faults = this.faultBook.for(order.orderNo);
    const delayMs = faults.callbackDelayMs;
    if (delayMs) await this.abortable((signal) => sleep(delayMs, signal));
    if (this.stopped) return;
    const attempt = order.callback.attempts + 1;
    let acknowledged = false;
    let last: string;
    if (this.faultBook.take(order.orderNo, 'dropCallbacks')) {
      last = 'dropped (fault)';
    } else {
      const body = this.callbackBody(order, faults.callbackAmount);
      const copies = Math.max(1, faults.duplicateCallbacks ?? 1);
      const answers = await Promise.all(Array.from({ length: copies }, () => this.post(order.callBackUrl, body)));
      acknowledged = answers.some((a) => a.acknowledged);
      last = answers.map((a) => a.summary).join(', ');
    }
    const nextOffset = CALLBACK_SCHEDULE_MS[attempt];
    const nextAt = acknowledged || nextOffset === undefined ? null : order.paidAt! + nextOffset * this.timeScale;
    await this.orders.updateAsync({ _id: order._id }, { $set: { callback: { attempts: attempt, acknowledged, nextAt, last } } }, {});
    this.log({ event: 'sandbox.callback', orderNo: order.orderNo, attempt, outcome: acknowledged ? 'ACKNOWLEDGED' : 'RETRY_LATER', detail: last, nextAt });
    if (nextAt !== null) this.schedule(newpayOrderNo, Math.max(0, nextAt - Date.now()));
  }

  /** The v1 payment callback exactly as NewPay sends it (newpay.md §6.1), signed with the platform key. */
  private callbackBody(order: SandboxOrder, amountOverride?: string): string {
    const success = order.status === 'SUCCESS';
    return signTestNotification(
      {
        orderNo: order.orderNo,
        subject: order.subject,
        transInfo: success ? 'Transaction Success' : 'Transaction Failed',
        orderAmt: amountOverride ?? this.newpayAmount(order.orderAmt, order.currency),
        newpayOrderNo: order.newpayOrderNo,
        settlementStatus: 1,
        payMethod: 1,
        extra: '',
        appId: /^[0-9]{1,15}$/.test(this.options.appId) ? new ExactNumber(this.options.appId) : this.options.appId,
        currency: order.currency,
        transStatus: success ? 0 : 1,
        timestamp: Date.now(),
      },
      this.options.platformPrivateKey,
    );
  }

  private async post(url: string, body: string): Promise<{ acknowledged: boolean; summary: string }> {
    try {
      const response = await this.abortable((signal) =>
        axios.post<string>(url, body, {
          headers: { 'Content-Type': 'application/json' },
          timeout: 10_000,
          responseType: 'text',
          transformResponse: [(d: unknown) => d],
          validateStatus: () => true,
          signal,
        }),
      );
      let acknowledged = false;
      try {
        acknowledged = (JSON.parse(response.data) as { transResult?: unknown }).transResult === 'SUCCESS';
      } catch {
        acknowledged = false;
      }
      return { acknowledged, summary: `HTTP ${response.status}` };
    } catch (error) {
      return { acknowledged: false, summary: `no answer (${(error as Error).message})` };
    }
  }

  // ---- Faults ------------------------------------------------------------------------------------

  private async faults(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (method === 'GET') return sendJson(res, 200, this.faultBook.snapshot());
    if (method === 'DELETE') {
      this.faultBook.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (method !== 'POST') return sendJson(res, 405, { message: 'GET, POST or DELETE' });
    const raw = (await readBody(req, 4096)).toString('utf8'); // over 4 KB: 413 from handle()
    let request: FaultRequest;
    try {
      request = parseFaultRequest(raw);
    } catch (error) {
      if (!(error instanceof FaultRefusal)) throw error;
      this.log({ event: 'sandbox.faults', outcome: 'REFUSED', detail: error.message });
      return sendJson(res, 400, error.body);
    }
    const inForce = this.faultBook.add(request);
    this.log({ event: 'sandbox.faults', orderNo: request.orderNo, faults: inForce });
    sendJson(res, 200, { orderNo: request.orderNo ?? null, faults: inForce });
  }

  /** Runs `work` with an abort signal of its own, aborted by stop(). */
  private async abortable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (this.stopped) controller.abort();
    this.aborts.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      this.aborts.delete(controller);
    }
  }

  // ---- Helpers -----------------------------------------------------------------------------------

  private success(data: Record<string, unknown>): string {
    return stringifyExact({ success: true, message: 'success', code: '0', timestamp: Date.now(), data: { ...data, sign: signFields(data, this.options.platformPrivateKey) } });
  }

  private refuse(res: ServerResponse, refusal: Refusal): void {
    this.log({ event: 'sandbox.refused', code: refusal.code, detail: refusal.message });
    sendJson(res, 200, { success: false, message: refusal.message, code: refusal.code, timestamp: Date.now() });
  }

  /** NewPay writes LAK with ".00" in its answers (newpay.md §8); the sandbox does too. */
  private newpayAmount(orderAmt: string, currency: string): string {
    return currency === 'LAK' ? `${orderAmt}.00` : formatAmount(parseAmount(orderAmt, 'USD'));
  }

  private payUrl(order: SandboxOrder): string {
    const query = encodeURIComponent(`newpayOrderNo=${order.newpayOrderNo}`);
    return `weixin://dl/business/?appid=${SANDBOX_CASHIER_APPID}&path=${SANDBOX_CASHIER_PATH}&query=${query}&env_version=${order.envVersion}`;
  }

  private async newNewpayOrderNo(): Promise<string> {
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    for (;;) {
      const candidate = day + String(randomBytes(5).readUIntBE(0, 5) % 10_000_000_000).padStart(10, '0');
      if (!(await this.orders.findOneAsync({ newpayOrderNo: candidate }))) return candidate;
    }
  }

  private indexPage(): string {
    const base = this.options.publicUrl;
    return [
      'NewPay sandbox (no real money)',
      ...Object.entries(DEFAULT_PATHS).map(([name, path]) => `  POST ${base}${path}   ${name}`),
      `  GET  ${base}/cashier/<newpayOrderNo>          cashier page`,
      `  POST ${base}/cashier/<newpayOrderNo>/pay      {"outcome":"success"|"failure"}`,
      `  POST ${base}/admin/faults                     a JSON object of faults (unknown ones or bad values: 400):`,
      ...faultHelpLines(),
      `  DELETE ${base}/admin/faults                   clear all faults`,
      '',
    ].join('\n');
  }
}

/**
 * The sandbox cashier page for the path NewPay's payUrl names (…?newpayOrderNo=…): locally the cashier
 * mini program is a web page.
 */
export function cashierPageUrl(sandboxUrl: string, miniProgramPath: string): string {
  const newpayOrderNo = new URLSearchParams(miniProgramPath.split('?')[1] ?? '').get('newpayOrderNo');
  if (!newpayOrderNo) throw new Error(`no newpayOrderNo in ${miniProgramPath}`);
  return `${sandboxUrl}/cashier/${newpayOrderNo}`;
}

export function isSandboxPath(url: string): boolean {
  return url === SANDBOX_PREFIX || url.startsWith(`${SANDBOX_PREFIX}/`);
}

