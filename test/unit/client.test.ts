import { NewPayClient } from '../../server/newpay/client';
import { NewPayBusinessError, NewPayProtocolError, NewPaySignatureError, NewPayTransportError } from '../../server/newpay/errors';
import { ExactNumber, parseExactObject } from '../../server/newpay/exactJson';
import { verifyFields } from '../../server/newpay/signature';
import { rejected } from '../support/caught';
import { FakeNewPay, refusal, signedAnswer } from '../support/fakeNewPay';
import { merchantPrivateKey, merchantPublicKey, platformPrivateKey, platformPublicKey } from '../support/fixtures';

const NOW = 1763768192123;
let newpay: FakeNewPay;
let client: NewPayClient;

beforeAll(async () => {
  newpay = await FakeNewPay.start();
});
afterAll(() => newpay.stop());
beforeEach(() => {
  newpay.requests.length = 0;
  client = new NewPayClient({
    baseUrl: `${newpay.baseUrl}/`,
    appId: 'app-1',
    merchantId: 'mch-1',
    merchantPrivateKey,
    platformPublicKey,
    timeoutMs: 300,
    now: () => NOW,
  });
});

const order = { orderNo: '20261121233632123ABCDEFGHIJKL', orderAmt: '25000', currency: 'LAK', callBackUrl: 'https://shop.example.la/notify', subject: 'Lao coffee ກາເຟ' };

function createAnswer(overrides: Record<string, unknown> = {}) {
  return {
    appId: 'app-1',
    currency: 'LAK',
    tranAbbr: 'WXMINI',
    tranNo: 'T1001',
    orderAmt: '25000.00',
    payUrl: 'weixin://dl/business/?appid=wxcashier&path=pages/pay/index&query=newpayOrderNo%3D202611210000006950&env_version=release',
    orderNo: order.orderNo,
    newpayOrderNo: new ExactNumber('202611210000006950'),
    ...overrides,
  };
}

const failure = rejected;

describe('createOpenMini', () => {
  it('sends exactly the seed document fields, signed over the bytes it sends', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), platformPrivateKey) });
    await client.createOpenMini({ ...order, envVersion: 'trial' });
    const [request] = newpay.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/api/open/converge/pay/v2/createOpenMini');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.version).toBe('1.0');
    const sent = parseExactObject(request!.rawBody);
    expect(Object.keys(sent).sort()).toEqual(['appId', 'callBackUrl', 'currency', 'envVersion', 'merchantId', 'orderAmt', 'orderNo', 'sign', 'subject', 'timestamp']);
    expect(request!.rawBody).toContain(`"timestamp":${NOW}`);
    expect(request!.rawBody).toContain('"orderAmt":"25000"');
    expect(verifyFields(sent, merchantPublicKey)).toBe('no-empty-fields');
  });

  it('leaves out optional fields that are not set, rather than sending them empty', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), platformPrivateKey) });
    await client.createOpenMini({ ...order, subject: '', envVersion: undefined });
    const sent = parseExactObject(newpay.requests[0]!.rawBody);
    expect(sent).not.toHaveProperty('subject');
    expect(sent).not.toHaveProperty('envVersion');
  });

  it('returns the verified answer with newpayOrderNo exact, as a string', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), platformPrivateKey) });
    const result = await client.createOpenMini(order);
    expect(result).toMatchObject({ newpayOrderNo: '202611210000006950', tranNo: 'T1001', orderAmt: '25000.00', payUrl: createAnswer().payUrl });
  });

  it('refuses an answer whose signature does not verify, before using any field', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), platformPrivateKey).replace('weixin://', 'https://evil.example/') });
    const error = await failure(client.createOpenMini(order));
    expect(error).toBeInstanceOf(NewPaySignatureError);
    expect((error as NewPaySignatureError).outcomeUnknown).toBe(true);
  });

  it('refuses an answer signed with the merchant key instead of the platform key', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), merchantPrivateKey) });
    expect(await failure(client.createOpenMini(order))).toBeInstanceOf(NewPaySignatureError);
  });

  it('refuses a genuine answer about another order', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer({ orderNo: 'SOMEONEELSE1' }), platformPrivateKey) });
    expect(await failure(client.createOpenMini(order))).toBeInstanceOf(NewPayProtocolError);
  });

  it.each([
    ['Z00007', 'BAD_SIGNATURE', false],
    ['Z01028', 'DUPLICATE_ORDER_NO', false],
    ['Z00046', 'WHITELIST', false],
    ['Z00018', 'BAD_AMOUNT', false],
    ['Z00020', 'BAD_AMOUNT', false],
    ['Z00016', 'BAD_CURRENCY', false],
    ['E9999', 'UNKNOWN', true],
    ['Z99999', 'UNLISTED', false],
  ])('maps business code %s to %s (retryable %s)', async (code, reason, retryable) => {
    newpay.handler = () => ({ body: refusal(code, 'refused') });
    const error = (await failure(client.createOpenMini(order))) as NewPayBusinessError;
    expect(error).toBeInstanceOf(NewPayBusinessError);
    expect(error).toMatchObject({ code, reason, retryable });
    expect(error.message).toContain(code);
  });

  it('treats a timeout as an unknown outcome: query before retrying', async () => {
    newpay.handler = () => 'hang';
    const error = (await failure(client.createOpenMini(order))) as NewPayTransportError;
    expect(error).toBeInstanceOf(NewPayTransportError);
    expect(error).toMatchObject({ failure: 'TIMEOUT', outcomeUnknown: true, retryable: true });
  });

  it('honours a per-call timeout over the client default', async () => {
    newpay.handler = () => 'hang';
    const patient = new NewPayClient({ baseUrl: newpay.baseUrl, appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey, timeoutMs: 5000 });
    const started = Date.now();
    expect(await failure(patient.createOpenMini(order, { timeoutMs: 50 }))).toMatchObject({ failure: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('treats a 5xx without a business code as an unknown outcome', async () => {
    newpay.handler = () => ({ status: 502, body: '<html>Bad Gateway</html>' });
    const error = (await failure(client.createOpenMini(order))) as NewPayTransportError;
    expect(error).toBeInstanceOf(NewPayTransportError);
    expect(error).toMatchObject({ failure: 'HTTP_STATUS', httpStatus: 502, outcomeUnknown: true });
  });

  it('treats a dropped connection and a closed port as network failures', async () => {
    newpay.handler = () => 'reset';
    expect(await failure(client.createOpenMini(order))).toMatchObject({ failure: 'NETWORK', outcomeUnknown: true });
    const closed = new NewPayClient({ baseUrl: 'http://127.0.0.1:1', appId: 'a', merchantId: 'm', merchantPrivateKey, platformPublicKey });
    expect(await failure(closed.createOpenMini(order))).toMatchObject({ failure: 'NETWORK' });
  });

  it('refuses a 200 answer that is not JSON, or has no data', async () => {
    newpay.handler = () => ({ body: 'OK' });
    expect(await failure(client.createOpenMini(order))).toBeInstanceOf(NewPayProtocolError);
    newpay.handler = () => ({ body: JSON.stringify({ success: true, code: '0' }) });
    expect(await failure(client.createOpenMini(order))).toBeInstanceOf(NewPayProtocolError);
  });
});

describe('getMiniPayment', () => {
  const payment = { timeStamp: '1763768192', nonceStr: 'n0nce', package: 'prepay_id=wx21', signType: 'RSA', paySign: 'c2lnbg==' };

  it('sends newpayOrderNo as the exact Long NewPay documents, and returns the requestPayment fields', async () => {
    newpay.handler = () => ({ body: JSON.stringify({ success: true, code: '0', data: payment }) });
    const result = await client.getMiniPayment({ code: 'wxlogin-code', newpayOrderNo: '202611210000006950' });
    expect(newpay.requests[0]!.rawBody).toBe(`{"code":"wxlogin-code","newpayOrderNo":202611210000006950,"timestamp":${NOW}}`);
    expect(result).toEqual(payment);
  });

  it('verifies the answer when NewPay signs it', async () => {
    newpay.handler = () => ({ body: signedAnswer(payment, merchantPrivateKey) });
    expect(await failure(client.getMiniPayment({ code: 'c', newpayOrderNo: '1' }))).toBeInstanceOf(NewPaySignatureError);
  });
});

describe('queryOrder', () => {
  it.each([
    [1, 'SUCCESS'],
    [0, 'FAILURE'],
    [2, 'PROCESSING'],
  ])('reads the query polarity: transStatus %s is %s', async (transStatus, status) => {
    newpay.handler = () => ({ body: signedAnswer({ orderNo: order.orderNo, newpayOrderNo: '202611210000006950', transStatus, orderAmt: '25000.00', currency: 'LAK' }, platformPrivateKey) });
    const result = await client.queryOrder({ orderNo: order.orderNo });
    expect(result.status).toBe(status);
    expect(newpay.requests[0]!.path).toBe('/api/open/converge/pay/v1/queryOrder');
  });

  it('uses a configured path, since NewPay does not document it', async () => {
    const custom = new NewPayClient({ baseUrl: newpay.baseUrl, appId: 'a', merchantId: 'm', merchantPrivateKey, platformPublicKey, paths: { queryOrder: '/custom/query' } });
    newpay.handler = () => ({ body: refusal('E9008', 'order information does not exist') });
    expect(await failure(custom.queryOrder({ orderNo: 'X1' }))).toMatchObject({ reason: 'ORDER_NOT_FOUND' });
    expect(newpay.requests[0]!.path).toBe('/custom/query');
  });

  it('refuses an unknown transStatus', async () => {
    newpay.handler = () => ({ body: signedAnswer({ orderNo: order.orderNo, transStatus: 9 }, platformPrivateKey) });
    expect(await failure(client.queryOrder({ orderNo: order.orderNo }))).toBeInstanceOf(NewPayProtocolError);
  });
});

describe('refund', () => {
  it('signs the documented fields and reads tranStatus', async () => {
    newpay.handler = () => ({ body: signedAnswer({ tranStatus: 1, refundOrderNo: 'R1', newpayRefundOrderNo: '9001', refundOrderAmt: '1000', currency: 'LAK' }, platformPrivateKey) });
    const result = await client.refund({ orderNo: order.orderNo, refundOrderNo: 'R1', refundOrderAmt: '1000', refundDesc: 'damaged', callBackUrl: 'https://shop.example.la/refund' });
    expect(result).toMatchObject({ status: 'SUCCESS', newpayRefundOrderNo: '9001' });
    const sent = parseExactObject(newpay.requests[0]!.rawBody);
    expect(verifyFields(sent, merchantPublicKey)).toBe('no-empty-fields');
    expect(newpay.requests[0]!.path).toBe('/api/open/converge/pay/v1/refund');
  });
});

describe('answers nested too deep', () => {
  const deepData = (levels: number) => `{"success":true,"code":"0","data":{"orderNo":"${order.orderNo}","x":${'['.repeat(levels)}1${']'.repeat(levels)},"sign":"c2lnbg=="}}`;

  it.each([
    ['the whole body, 5,000 levels', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
    ['the whole body, 100,000 levels', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['a field of data, 5,000 levels', deepData(5_000)],
    ['a field of data, 31 levels (33 with the envelope and data)', deepData(31)],
  ])('is a protocol error when %s deep, never a stack overflow', async (_what, body) => {
    newpay.handler = () => ({ body });
    const error = await failure(client.queryOrder({ orderNo: order.orderNo }));
    expect(error).toBeInstanceOf(NewPayProtocolError);
    expect(error.message).toMatch(/nested/);
  });
});

describe('answer field formats (checked after the signature, before any field is used)', () => {
  it.each([
    ['currency', 'LAK&tranAbbr=WXMINI'],
    ['currency', 'EUR'],
    ['orderAmt', '25000.00&x='],
    ['orderAmt', '2.5e4'],
    ['newpayOrderNo', '2026112100000069z0'],
    ['appId', 'app-1&x=y'],
    ['tranNo', 'T1001&x='],
    ['tranAbbr', 'WX=MINI'],
    ['payUrl', 'weixin://dl/business/?appid=wx1 &path=x'],
    ['payUrl', 'weixin://dl/business/?appid=wx1\n'],
    ['payUrl', new ExactNumber('12345')],
  ])('createOpenMini refuses %s %j as a protocol error', async (key, value) => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer({ [key]: value }), platformPrivateKey) });
    const error = await failure(client.createOpenMini(order));
    expect(error).toBeInstanceOf(NewPayProtocolError);
    expect(error.message).toContain(key);
  });

  it('createOpenMini keeps a payUrl with & and = in its query, as NewPay sends it', async () => {
    newpay.handler = () => ({ body: signedAnswer(createAnswer(), platformPrivateKey) });
    expect((await client.createOpenMini(order)).payUrl).toContain('&path=');
  });

  const queryAnswer = (overrides: Record<string, unknown>) => ({ orderNo: order.orderNo, newpayOrderNo: '202611210000006950', transStatus: 1, orderAmt: '25000.00', currency: 'LAK', transInfo: 'a=b&c', ...overrides });

  it.each([
    ['currency', 'LAK&x='],
    ['orderAmt', '25000.001'],
    ['orderAmt', '-1'],
    ['newpayOrderNo', '20261121&x=1'],
    ['transStatus', '1&x='],
  ])('queryOrder refuses %s %j as a protocol error', async (key, value) => {
    newpay.handler = () => ({ body: signedAnswer(queryAnswer({ [key]: value }), platformPrivateKey) });
    const error = await failure(client.queryOrder({ orderNo: order.orderNo }));
    expect(error).toBeInstanceOf(NewPayProtocolError);
    expect(error.message).toContain(key);
  });

  it('queryOrder leaves free text (transInfo) as it is', async () => {
    newpay.handler = () => ({ body: signedAnswer(queryAnswer({}), platformPrivateKey) });
    expect(await client.queryOrder({ orderNo: order.orderNo })).toMatchObject({ status: 'SUCCESS', transInfo: 'a=b&c' });
  });

  const refundRequest = { orderNo: order.orderNo, refundOrderNo: 'R1', refundOrderAmt: '1000', refundDesc: 'damaged', callBackUrl: 'https://shop.example.la/refund' };
  const refundAnswer = (overrides: Record<string, unknown>) => ({ tranStatus: 1, refundOrderNo: 'R1', newpayRefundOrderNo: 'R2026112100000069501', refundOrderAmt: '1000', currency: 'LAK', ...overrides });

  it.each([
    ['refundOrderNo', 'R1&x='],
    ['newpayRefundOrderNo', '9001&x='],
    ['refundOrderAmt', '1000&currency=USD'],
    ['currency', 'USD&x='],
    ['tranStatus', '1&x='],
  ])('refund refuses %s %j as a protocol error', async (key, value) => {
    newpay.handler = () => ({ body: signedAnswer(refundAnswer({ [key]: value }), platformPrivateKey) });
    const error = await failure(client.refund(refundRequest));
    expect(error).toBeInstanceOf(NewPayProtocolError);
    expect(error.message).toContain(key);
  });

  it('refund accepts a NewPay refund number that is not all digits (the sandbox writes R…)', async () => {
    newpay.handler = () => ({ body: signedAnswer(refundAnswer({}), platformPrivateKey) });
    expect(await client.refund(refundRequest)).toMatchObject({ status: 'SUCCESS', newpayRefundOrderNo: 'R2026112100000069501' });
  });
});
