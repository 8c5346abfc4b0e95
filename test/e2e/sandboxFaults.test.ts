/**
 * The sandbox's fault injection: refused with 400 when a fault is unknown or its value is wrong
 * (nothing changes), and faults that fan out or delay deliveries leave no abort listeners behind.
 */
import axios from 'axios';
import { spawn } from 'node:child_process';
import { getEventListeners, once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../server/local/http';
import { startSandboxServer } from '../../server/local/sandboxServer';
import { NewPayClient } from '../../server/newpay/client';
import { loadPublicKey } from '../../server/newpay/keys';
import { keyPath, merchantPrivateKey, merchantPublicKey } from '../support/fixtures';

const BIN = join(__dirname, '..', '..', 'bin', 'newpay.js');

type SandboxServer = Awaited<ReturnType<typeof startSandboxServer>>;
let sandbox: SandboxServer;
let receiver: Server;
let received: string[];
let callBackUrl: string;
let sequence = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"transResult":"SUCCESS"}');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  callBackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});
afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});
beforeEach(() => {
  received = [];
});

const post = (body: unknown) => axios.post<Record<string, unknown>>(`${sandbox.url}/admin/faults`, body, { validateStatus: () => true, headers: { 'Content-Type': 'application/json' } });
const current = async () => (await axios.get<{ global: object; orders: object }>(`${sandbox.url}/admin/faults`)).data;

describe('POST /admin/faults', () => {
  beforeAll(async () => {
    sandbox = await startSandboxServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'sbx-faults-')), appId: 'app-1', merchantId: 'mch-1', merchantPublicKey });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => axios.delete(`${sandbox.url}/admin/faults`));

  it('refuses an unknown fault (a typo) with 400, naming it and listing the valid faults with their types', async () => {
    const answer = await post({ dropCallback: 4 });
    expect(answer.status).toBe(400);
    expect(answer.data).toEqual({
      message: 'unknown fault dropCallback',
      fault: 'dropCallback',
      valid: {
        orderNo: expect.stringContaining('order number'),
        dropCallbacks: 'integer 0-100',
        duplicateCallbacks: 'integer 1-100',
        callbackDelayMs: 'integer 0-600000',
        callbackAmount: expect.stringContaining('decimal string'),
        createOpenMini: '"5xx" or "timeout"',
        createOpenMiniTimes: 'integer 0-100',
      },
    });
    expect(await current()).toEqual({ global: {}, orders: {} });
  });

  it.each([
    ['createOpenMini', 'boom'],
    ['dropCallbacks', -1],
    ['dropCallbacks', 1.5],
    ['dropCallbacks', '4'],
    ['dropCallbacks', 101],
    ['duplicateCallbacks', 0],
    ['duplicateCallbacks', 1000],
    ['createOpenMiniTimes', -1],
    ['callbackDelayMs', 600_001],
    ['callbackDelayMs', null],
    ['callbackAmount', 1],
    ['callbackAmount', '1,00'],
    ['callbackAmount', ''],
    ['orderNo', 'not an order!'],
    ['orderNo', 42],
  ])('refuses %s = %j with 400 naming the fault, and changes nothing', async (fault, value) => {
    const answer = await post({ dropCallbacks: 2, [fault]: value });
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ fault, message: expect.stringContaining(fault), valid: expect.objectContaining({ [fault]: expect.any(String) }) });
    expect(await current()).toEqual({ global: {}, orders: {} });
  });

  it.each([[[]], ['faults'], [null], [42]])('refuses a body that is not a JSON object (%j) with 400', async (body) => {
    const answer = await axios.post(`${sandbox.url}/admin/faults`, JSON.stringify(body), { validateStatus: () => true, headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(await current()).toEqual({ global: {}, orders: {} });
  });

  it('accepts valid faults, globally and for one order, and DELETE clears them', async () => {
    const orderNo = '20261121100000000ABCDEFGHIJKL';
    expect((await post({ duplicateCallbacks: 3, callbackAmount: '1.00', callbackDelayMs: 0 })).status).toBe(200);
    expect((await post({ orderNo, dropCallbacks: 4, createOpenMini: '5xx' })).status).toBe(200);
    expect(await current()).toEqual({
      global: { duplicateCallbacks: 3, callbackAmount: '1.00', callbackDelayMs: 0 },
      orders: { [orderNo]: { dropCallbacks: 4, createOpenMini: '5xx', createOpenMiniTimes: 1 } },
    });
    await axios.delete(`${sandbox.url}/admin/faults`);
    expect(await current()).toEqual({ global: {}, orders: {} });
  });
});

/**
 * The sandbox as its users run it (`npx newpay sandbox`, a process of its own), so that node's
 * MaxListenersExceededWarning lands on its stderr as it would on an engineer's console. (Inside jest,
 * `process` is a stand-in that never sees node's warnings.)
 */
async function sandboxProcess() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sbx-proc-'));
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--data', dataDir, '--app-id', 'app-1', '--merchant-id', 'mch-1', '--merchant-pubkey', keyPath('merchant_public_spki.pem'), '--time-scale', '0.001']);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const deadline = Date.now() + 10_000;
  while (!/NewPay sandbox at (\S+)/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const url = /NewPay sandbox at (\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`the sandbox did not start: ${stderr}`);
  const platformPublicKey = loadPublicKey(readFileSync(join(dataDir, 'keys', 'platform_public.pem'), 'utf8'));
  return {
    url,
    client: new NewPayClient({ baseUrl: url, appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey }),
    /** Stops the process the way Ctrl+C does and returns everything it wrote to stderr. */
    async stop(): Promise<string> {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await once(child, 'exit');
      }
      return stderr;
    },
  };
}

describe('callback faults leave no abort listeners behind', () => {
  let proc: Awaited<ReturnType<typeof sandboxProcess>>;
  beforeEach(async () => {
    proc = await sandboxProcess();
  });
  afterEach(() => proc.stop());

  async function payAndAwait(deliveries: number): Promise<void> {
    const expected = received.length + deliveries;
    const order = await proc.client.createOpenMini({ orderNo: `LEAK${Date.now()}${sequence++}`, orderAmt: '1000', currency: 'LAK', callBackUrl, subject: 'Tea' });
    await axios.post(`${proc.url}/cashier/${order.newpayOrderNo}/pay`, { outcome: 'success' });
    const deadline = Date.now() + 5000;
    while (received.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received.length).toBe(expected);
  }

  it('duplicateCallbacks: 20 sends 20 copies at once, and no MaxListenersExceededWarning', async () => {
    expect((await axios.post(`${proc.url}/admin/faults`, { duplicateCallbacks: 20 })).status).toBe(200);
    await payAndAwait(20);
    expect(await proc.stop()).not.toContain('MaxListenersExceededWarning');
  });

  it('callbackDelayMs on one delivery after another piles up no listeners either', async () => {
    expect((await axios.post(`${proc.url}/admin/faults`, { callbackDelayMs: 1 })).status).toBe(200);
    for (let i = 0; i < 12; i++) await payAndAwait(1);
    expect(await proc.stop()).not.toContain('MaxListenersExceededWarning');
  });
});

describe('sleep', () => {
  it('removes its abort listener when the time is up, and resolves at once on abort', async () => {
    const controller = new AbortController();
    await Promise.all(Array.from({ length: 20 }, () => sleep(1, controller.signal)));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const pending = sleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await pending;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
