/** The NewPay sandbox on its own, through our NewPay client: NewPay's codes, signatures and callbacks. */
import axios from 'axios';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NewPayClient } from '../../server/newpay/client';
import { NewPayBusinessError } from '../../server/newpay/errors';
import { verifyNotification } from '../../server/newpay/notification';
import { startSandboxServer } from '../../server/local/sandboxServer';
import { rejected } from '../support/caught';
import { merchantPrivateKey, merchantPublicKey, platformPrivateKey } from '../support/fixtures';

type SandboxServer = Awaited<ReturnType<typeof startSandboxServer>>;
let sandbox: SandboxServer;
let client: NewPayClient;
let receiver: Server;
let received: { at: number; body: string }[];
let answers: string[];
let callBackUrl: string;
let sequence = 0;

beforeAll(async () => {
  sandbox = await startSandboxServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'sbx-')), appId: 'app-1', merchantId: 'mch-1', merchantPublicKey, timeScale: 0.001 });
  client = new NewPayClient({ baseUrl: sandbox.url, appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey: sandbox.keys.platformPublicKey });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(answers.shift() ?? '{"transResult":"SUCCESS"}');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  callBackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await sandbox.stop();
  receiver.close();
});
beforeEach(() => {
  received = [];
  answers = [];
});

const orderNo = () => `SBX${Date.now()}${sequence++}`;
const create = (overrides: Record<string, unknown> = {}) => client.createOpenMini({ orderNo: orderNo(), orderAmt: '220000', currency: 'LAK', callBackUrl, subject: 'Coffee', ...overrides });
const code = async (promise: Promise<unknown>) => ((await rejected(promise)) as NewPayBusinessError).code;

it('creates an order with a signed answer and a plaintext cashier scheme', async () => {
  const result = await create({ envVersion: 'trial' });
  expect(result.newpayOrderNo).toMatch(/^[0-9]{18}$/);
  expect(result.orderAmt).toBe('220000.00');
  expect(result.payUrl).toBe(`weixin://dl/business/?appid=wxSANDBOXCASHIER&path=pages/cashier/index&query=newpayOrderNo%3D${result.newpayOrderNo}&env_version=trial`);
});

it.each([
  ['a LAK amount with decimals', { orderAmt: '100.50' }, 'Z00020'],
  ['a USD amount with three decimals', { orderAmt: '1.005', currency: 'USD' }, 'Z00018'],
  ['a junk amount', { orderAmt: 'abc', currency: 'USD' }, 'Z00018'],
  ['an unknown currency', { currency: 'CNY' }, 'Z00016'],
  ['a callBackUrl that is not http(s)', { callBackUrl: 'ftp://shop.example.la/notify' }, 'Z00032'],
])('refuses %s with %s', async (_what, overrides, expected) => {
  expect(await code(create(overrides))).toBe(expected);
});

it('refuses a request signed with another key (Z00007) or for another app (Z00003)', async () => {
  const forger = new NewPayClient({ baseUrl: sandbox.url, appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey: platformPrivateKey, platformPublicKey: sandbox.keys.platformPublicKey });
  expect(await code(forger.createOpenMini({ orderNo: orderNo(), orderAmt: '1', currency: 'LAK', callBackUrl }))).toBe('Z00007');
  const otherApp = new NewPayClient({ baseUrl: sandbox.url, appId: 'app-2', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey: sandbox.keys.platformPublicKey });
  expect(await code(otherApp.createOpenMini({ orderNo: orderNo(), orderAmt: '1', currency: 'LAK', callBackUrl }))).toBe('Z00003');
});

it('refuses a reused orderNo (Z01028) and answers E9008 for an unknown one', async () => {
  const no = orderNo();
  await create({ orderNo: no });
  expect(await code(create({ orderNo: no }))).toBe('Z01028');
  expect(await code(client.queryOrder({ orderNo: 'NEVERCREATED1' }))).toBe('E9008');
});

it('answers queries with the query polarity and refunds a paid order within its amount', async () => {
  const created = await create();
  expect((await client.queryOrder({ orderNo: created.orderNo })).status).toBe('PROCESSING');
  await axios.post(`${sandbox.url}/cashier/${created.newpayOrderNo}/pay`, { outcome: 'success' });
  expect((await client.queryOrder({ orderNo: created.orderNo })).status).toBe('SUCCESS');
  const refund = { orderNo: created.orderNo, refundOrderAmt: '20000', refundDesc: 'one item damaged', callBackUrl };
  expect((await client.refund({ ...refund, refundOrderNo: `R${created.orderNo}` })).status).toBe('SUCCESS');
  expect(await code(client.refund({ ...refund, refundOrderNo: `R${created.orderNo}` }))).toBe('Z01026');
  expect(await code(client.refund({ ...refund, refundOrderNo: `S${created.orderNo}`, refundOrderAmt: '300000' }))).toBe('Z01020');
});

it('sends a signed v1 callback, and retries on the scaled 5-minute schedule until SUCCESS', async () => {
  answers = ['{"transResult":"FAIL"}', 'not json'];
  const created = await create();
  await axios.post(`${sandbox.url}/cashier/${created.newpayOrderNo}/pay`, { outcome: 'success' });
  const deadline = Date.now() + 3000;
  while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(received).toHaveLength(3);
  expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(250); // 5 min × 0.001
  expect(received[2]!.at - received[0]!.at).toBeGreaterThanOrEqual(550);
  const notification = verifyNotification(received[0]!.body, sandbox.keys.platformPublicKey);
  expect(notification).toMatchObject({ orderNo: created.orderNo, newpayOrderNo: created.newpayOrderNo, orderAmt: '220000.00', currency: 'LAK', outcome: 'SUCCESS', appId: 'app-1', extra: '' });
  await new Promise((r) => setTimeout(r, 400));
  expect(received).toHaveLength(3); // acknowledged: no more deliveries
});

it('stops after NewPay\'s three retries when the merchant never acknowledges', async () => {
  answers = Array(10).fill('{"transResult":"FAIL"}');
  const created = await create();
  await axios.post(`${sandbox.url}/cashier/${created.newpayOrderNo}/pay`, { outcome: 'failure' });
  const deadline = Date.now() + 4000;
  while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 600)); // a fifth delivery would have come 300 ms after the fourth
  expect(received).toHaveLength(4);
  expect(verifyNotification(received[0]!.body, sandbox.keys.platformPublicKey).outcome).toBe('FAILURE');
});

it('serves the cashier page and refuses to pay an order twice', async () => {
  const created = await create();
  const page = await axios.get<string>(`${sandbox.url}/cashier/${created.newpayOrderNo}`);
  expect(page.data).toContain('₭220,000');
  expect((await axios.post(`${sandbox.url}/cashier/${created.newpayOrderNo}/pay`, { outcome: 'success' })).status).toBe(200);
  const again = await axios.post(`${sandbox.url}/cashier/${created.newpayOrderNo}/pay`, { outcome: 'failure' }, { validateStatus: () => true });
  expect(again.status).toBe(409);
  expect((await axios.get(`${sandbox.url}/cashier/999`, { validateStatus: () => true })).status).toBe(404);
});
