/**
 * The local function host over real HTTP: oversized bodies are answered (413), not reset, and
 * reconcile runs only as a timer (POST /timers/reconcile and the schedule), never as a callable.
 */
import axios from 'axios';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { CART, driveStack, StackDriver } from '../support/stack';

let d: StackDriver;
afterEach(() => d.stop());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * POSTs `size` bytes with node's own client, in `chunkBytes` pieces with a pause between them (a slow,
 * chunked upload) or in one piece with a Content-Length. Rejects with the socket error (ECONNRESET,
 * EPIPE) when the server resets the connection instead of answering.
 */
function upload(url: string, size: number, options: { chunkBytes?: number; pauseMs?: number; agent?: Agent } = {}): Promise<Answer> {
  const chunked = options.chunkBytes !== undefined;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: options.agent, headers: { 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': size }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (!chunked) return void req.end(Buffer.alloc(size, 0x20));
    void (async () => {
      for (let sent = 0; sent < size && !req.destroyed; sent += options.chunkBytes!) {
        req.write(Buffer.alloc(Math.min(options.chunkBytes!, size - sent), 0x20));
        await new Promise((r) => setTimeout(r, options.pauseMs ?? 0));
      }
      if (!req.destroyed) req.end();
    })();
  });
}

const TWO_MIB = 2 * 1024 * 1024;

describe('a body over the 1 MiB limit', () => {
  beforeEach(async () => {
    d = await driveStack();
  });

  it.each([
    ['a function', '/functions/catalog'],
    ['the payment notification route', '/http/newpay/notify'],
  ])('sent to %s in one piece is answered 413 with a JSON message', async (_what, path) => {
    const answer = await upload(`${d.stack.url}${path}`, TWO_MIB);
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ message: 'body over 1048576 bytes' });
    // It never reached a function (the gateway refuses it in CloudBase too), so the host says so.
    expect(d.logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'http', outcome: 'TOO_LARGE', status: 413 }));
  });

  it.each([
    ['a function', '/functions/catalog'],
    ['the payment notification route', '/http/newpay/notify'],
  ])('uploaded slowly in chunks to %s is answered 413, and the connection stays usable', async (_what, path) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answer = await upload(`${d.stack.url}${path}`, TWO_MIB, { chunkBytes: 64 * 1024, pauseMs: 5, agent });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({ message: 'body over 1048576 bytes' });
      // The next request on the same agent (the same socket if it was kept) gets a normal answer.
      const { data } = await axios.post<{ result: { ok: boolean } }>(`${d.stack.url}/functions/catalog`, {}, { httpAgent: agent });
      expect(data.result.ok).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('still reaches a function when it is under the limit', async () => {
    const answer = await upload(`${d.stack.url}/functions/catalog`, 1024 * 1024);
    expect(answer.status).toBe(200); // a megabyte of spaces is an empty JSON event
    expect(JSON.parse(answer.body)).toMatchObject({ result: { ok: true } });
  });

  it('sent to the sandbox (over its 4 KB faults limit) is answered 413 too', async () => {
    const answer = await upload(`${d.stack.url}/newpay-sandbox/admin/faults`, 64 * 1024, { chunkBytes: 8 * 1024, pauseMs: 2 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'body over 4096 bytes' });
  });
});

describe('reconcile', () => {
  it('is not a callable function: POST /functions/reconcile is 404 and names the timer route', async () => {
    d = await driveStack();
    const answer = await axios.post<{ message: string }>(`${d.stack.url}/functions/reconcile`, {}, { validateStatus: () => true });
    expect(answer.status).toBe(404);
    expect(answer.data.message).toContain('POST /timers/reconcile');
  });

  it('runs when its timer fires at POST /timers/reconcile, and settles a payment whose callbacks were dropped', async () => {
    d = await driveStack();
    const { order, launch } = await checkout();
    await d.faults({ orderNo: order.orderNo, dropCallbacks: 4 });
    await d.pay(launch, 'success');
    const { data, status } = await axios.post<{ result: unknown }>(`${d.stack.url}/timers/reconcile`);
    expect(status).toBe(200);
    expect(data.result).toMatchObject({ ok: true, summary: { checked: 1, paid: 1 } });
    expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
  });

  it('answers 404 for a timer that does not exist and 405 for a GET', async () => {
    d = await driveStack();
    expect((await axios.post(`${d.stack.url}/timers/nope`, {}, { validateStatus: () => true })).status).toBe(404);
    expect((await axios.get(`${d.stack.url}/timers/reconcile`, { validateStatus: () => true })).status).toBe(405);
  });

  it('runs on its schedule, so a payment whose callbacks were all dropped still ends PAID', async () => {
    d = await driveStack({ reconcileEveryMs: 100 });
    const { order, launch } = await checkout();
    await d.faults({ orderNo: order.orderNo, dropCallbacks: 4 });
    await d.pay(launch, 'success');
    expect(await d.waitForStatus(order.orderNo, ['PAID'])).toBe('PAID');
    expect(d.logs).not.toContainEqual(expect.objectContaining({ fn: 'reconcile', outcome: 'FORBIDDEN' }));
  });
});

async function checkout() {
  const result = await d.call('createPayment', { items: CART, idempotencyKey: `host-${randomBytes(6).toString('hex')}` });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}
