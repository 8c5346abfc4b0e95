/** Drives a real local stack over loopback HTTP, as a mini program and NewPay's cashier would. */
import axios from 'axios';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventOf, FunctionName, Launch, ResultOf } from '../../typings/contracts';
import { cashierPageUrl, FaultRequest, SANDBOX_PREFIX } from '../../server/local/sandbox/sandbox';
import { Stack, startStack, StackOptions } from '../../server/local/stack';

export interface StackDriver {
  stack: Stack;
  readonly dataDir: string;
  readonly logs: Record<string, string | number>[];
  call<N extends FunctionName>(name: N, event: EventOf<N> | Record<string, unknown>, openid?: string): Promise<ResultOf<N>>;
  /** Sets sandbox faults (a refused request throws: the sandbox answers 400). */
  faults(faults: FaultRequest): Promise<void>;
  /** Fires the reconcile timer now (POST /timers/reconcile), as its CloudBase trigger would. */
  reconcile(): Promise<unknown>;
  /** The cashier page URL for a launch the sandbox produced. */
  cashier(launch: Launch | undefined): string;
  pay(launch: Launch | undefined, outcome: 'success' | 'failure'): Promise<void>;
  waitForStatus(orderNo: string, statuses: string[], timeoutMs?: number): Promise<string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function driveStack(options: Partial<StackOptions> = {}): Promise<StackDriver> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stack-'));
  const logs: Record<string, string | number>[] = [];
  const open = (port: number) =>
    startStack({
      dataDir,
      port,
      timeScale: 0.001, // NewPay's 5-minute retries every 300 ms
      reconcileEveryMs: 0,
      env: { RECONCILE_AFTER_MINUTES: '0', NEWPAY_TIMEOUT_MS: '500', ...options.env },
      logSink: (level, record) => logs.push({ level, ...record }),
      ...options,
    });
  const driver: StackDriver = {
    stack: await open(0),
    dataDir,
    logs,
    async call(name, event, openid = 'o-e2e-user') {
      const { data } = await axios.post<{ result: never }>(`${driver.stack.url}/functions/${name}`, event, { headers: { 'x-wx-openid': openid } });
      return data.result;
    },
    async reconcile() {
      const { data } = await axios.post<{ result: unknown }>(`${driver.stack.url}/timers/reconcile`);
      return data.result;
    },
    async faults(faults) {
      await axios.post(`${driver.stack.url}/newpay-sandbox/admin/faults`, faults);
    },
    cashier(launch) {
      if (launch?.kind !== 'navigate') throw new Error(`expected a navigate launch, got ${JSON.stringify(launch)}`);
      return cashierPageUrl(`${driver.stack.url}${SANDBOX_PREFIX}`, launch.path);
    },
    async pay(launch, outcome) {
      await axios.post(`${driver.cashier(launch)}/pay`, { outcome });
    },
    async waitForStatus(orderNo, statuses, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      let status = 'unknown';
      while (Date.now() < deadline) {
        const result = await driver.call('getOrder', { orderNo });
        if (result.ok) status = result.order.status;
        if (statuses.includes(status)) return status;
        await new Promise((r) => setTimeout(r, 25));
      }
      return status;
    },
    async restart() {
      const port = driver.stack.port;
      await driver.stack.stop();
      driver.stack = await open(port);
    },
    stop() {
      return driver.stack.stop();
    },
  };
  return driver;
}

export const CART = [
  { sku: 'coffee-bolaven-250', qty: 2 },
  { sku: 'honey-wild-250', qty: 1 },
];
