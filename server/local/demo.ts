/**
 * `npm run demo [-- --decline]`: a purchase the way a user makes it, against the stack on PORT
 * (started here when none is running): catalog → createPayment for two products → follow the launch
 * to the cashier → pay (or decline) → wait for NewPay's notification → getOrder.
 * Exits 0 only when the order ends PAID (FAILED with --decline).
 */
import axios from 'axios';
import { randomBytes } from 'node:crypto';
import type { EventOf, FunctionName, Launch, ResultOf } from '../../typings/contracts';
import { cashierPageUrl, SANDBOX_PREFIX } from './sandbox/sandbox';

export interface DemoOptions {
  readonly baseUrl: string;
  readonly decline: boolean;
  readonly print: (line: string) => void;
  /** How long to wait for the notification to settle the order. */
  readonly waitMs?: number;
}

export async function runDemo(options: DemoOptions): Promise<{ ok: boolean; orderNo?: string; status?: string }> {
  const started = Date.now();
  const step = (text: string) => options.print(`[${String(Date.now() - started).padStart(5)} ms] ${text}`);
  const call = async <N extends FunctionName>(name: N, event: EventOf<N>): Promise<ResultOf<N>> => {
    const { data } = await axios.post<{ result: ResultOf<N> }>(`${options.baseUrl}/functions/${name}`, event, { headers: { 'x-wx-openid': 'o-demo-user' }, timeout: 15_000 });
    return data.result;
  };

  const catalog = await call('catalog', {});
  if (!catalog.ok) throw new Error(`catalog failed: ${catalog.error.message}`);
  step(`catalog: ${catalog.products.length} products`);
  const [first, second] = catalog.products;
  if (!first || !second) throw new Error('the catalog needs at least two products');

  const created = await call('createPayment', { items: [{ sku: first.sku, qty: 2 }, { sku: second.sku, qty: 1 }], idempotencyKey: `demo-${randomBytes(6).toString('hex')}` });
  if (!created.ok) throw new Error(`createPayment failed: ${created.error.code} ${created.error.message}`);
  const { order } = created;
  step(`createPayment: order ${order.orderNo} ${order.amount.value} ${order.amount.currency} (2 × ${first.name}, 1 × ${second.name}), ${order.status}`);
  if (!created.launch) throw new Error('createPayment gave no launch instruction');

  const cashier = cashierUrl(created.launch, options.baseUrl);
  step(`launch: ${created.launch.kind}${created.launch.kind === 'navigate' ? ` to ${created.launch.appId} ${created.launch.path} (${created.launch.envVersion})` : ''}`);
  const page = await axios.get<string>(cashier, { responseType: 'text' });
  if (!page.data.includes('NewPay sandbox cashier')) throw new Error(`no cashier at ${cashier}`);
  step(`cashier: ${cashier}`);

  const outcome = options.decline ? 'failure' : 'success';
  await axios.post(`${cashier}/pay`, { outcome });
  step(`cashier: ${options.decline ? 'declined' : 'paid'}`);

  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let status = order.status as string;
  while (Date.now() < deadline) {
    const current = await call('getOrder', { orderNo: order.orderNo });
    if (current.ok && (current.order.status === 'PAID' || current.order.status === 'FAILED')) {
      status = current.order.status;
      step(`getOrder: ${status} ${current.order.amount.value} ${current.order.amount.currency}${current.order.paidAt ? ` at ${new Date(current.order.paidAt).toISOString()}` : ''}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const expected = options.decline ? 'FAILED' : 'PAID';
  if (status !== expected) step(`order is still ${status}: expected ${expected}`);
  return { ok: status === expected, orderNo: order.orderNo, status };
}

/** The sandbox's payUrl names NewPay's cashier mini program; locally that cashier is a web page. */
function cashierUrl(launch: Launch, baseUrl: string): string {
  if (launch.kind === 'navigate') return cashierPageUrl(`${baseUrl}${SANDBOX_PREFIX}`, launch.path);
  if (launch.kind === 'external' && launch.url.startsWith('http')) return launch.url;
  throw new Error(`the demo cannot follow a ${launch.kind} launch`);
}
