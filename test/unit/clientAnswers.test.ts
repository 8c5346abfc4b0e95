/**
 * How the NewPay client tells a usable answer from every other outcome, as the shop's engineers and
 * operators see it: the request it sends, the typed error it throws (class, code, operation, status),
 * and the exact message that reaches the logs. Written against the mutants Stryker found alive in
 * server/newpay/client.ts; each test states a rule a caller relies on.
 */
import axios, { AxiosInstance } from 'axios';
import { NewPayClient } from '../../server/newpay/client';
import { NewPayBusinessError, NewPayProtocolError, NewPayTransportError } from '../../server/newpay/errors';
import { ExactNumber, stringifyExact } from '../../server/newpay/exactJson';
import { signFields } from '../../server/newpay/signature';
import { rejected } from '../support/caught';
import { FakeNewPay, signedAnswer } from '../support/fakeNewPay';
import { merchantPrivateKey, platformPrivateKey, platformPublicKey } from '../support/fixtures';

const NOW = 1763768192123;
const UNKNOWN_OUTCOME = 'the outcome is unknown, query the order before retrying';
let newpay: FakeNewPay;
let client: NewPayClient;

const options = { appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey, timeoutMs: 300, now: () => NOW };

beforeAll(async () => {
  newpay = await FakeNewPay.start();
});
afterAll(() => newpay.stop());
beforeEach(() => {
  newpay.requests.length = 0;
  client = new NewPayClient({ ...options, baseUrl: newpay.baseUrl });
});

/** A client over an injected HTTP instance whose `post` does what the test says (an adapter, a proxy, an interceptor). */
function clientOver(post: () => Promise<unknown>): NewPayClient {
  return new NewPayClient({ ...options, baseUrl: 'https://newpay.invalid', http: { post } as unknown as AxiosInstance });
}

const ORDER_NO = '20261121233632123ABCDEFGHIJKL';
const order = { orderNo: ORDER_NO, orderAmt: '25000', currency: 'LAK', callBackUrl: 'https://shop.example.la/notify' };
const refundRequest = { orderNo: ORDER_NO, refundOrderNo: 'R1', refundOrderAmt: '1000', refundDesc: 'damaged', callBackUrl: 'https://shop.example.la/refund' };
const payment = { timeStamp: '1763768192', nonceStr: 'n0nce', package: 'prepay_id=wx21', signType: 'RSA', paySign: 'c2lnbg==' };
const PAY_URL = 'weixin://dl/business/?appid=wxcashier&path=pages/pay/index&query=newpayOrderNo%3D202611210000006950';

const createData = (overrides: Record<string, unknown> = {}) => ({
  appId: 'app-1',
  orderNo: ORDER_NO,
  newpayOrderNo: new ExactNumber('202611210000006950'),
  orderAmt: '25000.00',
  currency: 'LAK',
  tranNo: 'T1001',
  tranAbbr: 'WXMINI',
  payUrl: PAY_URL,
  ...overrides,
});
const queryData = (overrides: Record<string, unknown> = {}) => ({ orderNo: ORDER_NO, transStatus: 1, ...overrides });
const refundData = (overrides: Record<string, unknown> = {}) => ({ tranStatus: 1, refundOrderNo: 'R1', ...overrides });

/** The answer NewPay sends, exactly as given: an envelope whose `data`, if any, the platform key signs. */
function envelope(fields: Record<string, unknown>, data?: Record<string, unknown>): string {
  return stringifyExact(data === undefined ? fields : { ...fields, data: { ...data, sign: signFields(data, platformPrivateKey) } });
}

describe('the base URL may end in any number of slashes: requests still go to the documented path', () => {
  it.each([['no slash', ''], ['one slash', '/'], ['two slashes', '//']])('%s', async (_what, tail) => {
    const slashed = new NewPayClient({ ...options, baseUrl: `${newpay.baseUrl}${tail}` });
    newpay.handler = () => ({ body: signedAnswer(queryData(), platformPrivateKey) });
    await slashed.queryOrder({ orderNo: ORDER_NO });
    expect(newpay.requests.map((r) => r.path)).toEqual(['/api/open/converge/pay/v1/queryOrder']);
  });
});

describe('each operation names itself in the errors it throws', () => {
  it.each([
    ['createOpenMini', () => client.createOpenMini(order)],
    ['getMiniPayment', () => client.getMiniPayment({ code: 'c', newpayOrderNo: '1' })],
    ['queryOrder', () => client.queryOrder({ orderNo: ORDER_NO })],
    ['refund', () => client.refund(refundRequest)],
  ])('%s', async (operation, call) => {
    newpay.handler = () => ({ body: 'OK' });
    await expect(call()).rejects.toThrow(
      expect.objectContaining({
        constructor: NewPayProtocolError,
        code: 'NEWPAY_BAD_ANSWER',
        operation,
        message: `NewPay ${operation}: unexpected answer: the body is not a JSON object (invalid JSON: JSON value expected but got 'O' at position 0)`,
      }),
    );
  });
});

describe('a request carries the common fields, then exactly the fields that are set, then the sign', () => {
  const head = `{"appId":"app-1","merchantId":"mch-1","timestamp":${NOW}`;

  it('refund sends every field of the refund request', async () => {
    newpay.handler = () => ({ body: signedAnswer(refundData(), platformPrivateKey) });
    await client.refund(refundRequest);
    expect(newpay.requests[0]!.rawBody).toMatch(
      new RegExp(`^${escapeRegExp(head)},"orderNo":"${ORDER_NO}","refundOrderNo":"R1","refundOrderAmt":"1000","refundDesc":"damaged","callBackUrl":"https://shop.example.la/refund","sign":"[A-Za-z0-9+/=]+"}$`),
    );
  });

  it('createOpenMini leaves out a subject that is empty and an envVersion that is not given', async () => {
    newpay.handler = () => ({ body: signedAnswer(createData(), platformPrivateKey) });
    await client.createOpenMini({ ...order, subject: '', envVersion: undefined });
    expect(newpay.requests[0]!.rawBody).toMatch(
      new RegExp(`^${escapeRegExp(head)},"currency":"LAK","orderAmt":"25000","orderNo":"${ORDER_NO}","callBackUrl":"https://shop.example.la/notify","sign":"[A-Za-z0-9+/=]+"}$`),
    );
  });
});

describe('getMiniPayment sends newpayOrderNo as a JSON number only when it fits a Long (1 to 19 digits)', () => {
  it.each([
    ['19 digits', '1234567890123456789', '1234567890123456789'],
    ['20 digits', '12345678901234567890', '"12345678901234567890"'],
    ['digits after a letter', 'X202611210000006950', '"X202611210000006950"'],
    ['digits before a letter', '202611210000006950X', '"202611210000006950X"'],
  ])('%s: %s is sent as %s', async (_what, newpayOrderNo, sent) => {
    newpay.handler = () => ({ body: envelope({ success: true, code: '0' }, payment) });
    await client.getMiniPayment({ code: 'wxlogin-code', newpayOrderNo });
    expect(newpay.requests[0]!.rawBody).toBe(`{"code":"wxlogin-code","newpayOrderNo":${sent},"timestamp":${NOW}}`);
  });
});

describe('a refusal in the envelope is a business error, whatever else the envelope says', () => {
  it('success:false wins over code "0", even with signed data', async () => {
    newpay.handler = () => ({ body: envelope({ success: false, code: '0', message: 'closed' }, queryData()) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayBusinessError, code: '0', operation: 'queryOrder', newpayMessage: 'closed' }),
    );
  });

  it('code "0" without success:true is not a success either', async () => {
    newpay.handler = () => ({ body: envelope({ code: '0' }, queryData()) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(expect.objectContaining({ constructor: NewPayBusinessError, code: '0' }));
  });

  it('a code other than "0" wins over success:true, even with signed data', async () => {
    newpay.handler = () => ({ body: envelope({ success: true, code: 'E9999', message: 'system error' }, queryData()) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayBusinessError, code: 'E9999', reason: 'UNKNOWN', retryable: true, outcomeUnknown: true }),
    );
  });

  it('a code without any success flag is a refusal', async () => {
    newpay.handler = () => ({ body: envelope({ code: 'Z01028', message: 'duplicate' }) });
    await expect(client.createOpenMini(order)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayBusinessError, code: 'Z01028', reason: 'DUPLICATE_ORDER_NO', operation: 'createOpenMini' }),
    );
  });

  it('success:false without a code is a refusal coded NO_CODE, with what NewPay said', async () => {
    newpay.handler = () => ({ body: envelope({ success: false, message: 'system busy' }) });
    await expect(client.refund(refundRequest)).rejects.toThrow(
      expect.objectContaining({
        constructor: NewPayBusinessError,
        code: 'NO_CODE',
        newpayMessage: 'system busy',
        operation: 'refund',
        message: "NewPay refund refused with NO_CODE: code NO_CODE is not in NewPay's published table (NewPay said: system busy)",
      }),
    );
  });

  it('a refusal without a message logs no "NewPay said"', async () => {
    newpay.handler = () => ({ body: envelope({ success: false, code: 'E9999' }) });
    await expect(client.refund(refundRequest)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayBusinessError, newpayMessage: '', message: 'NewPay refund refused with E9999: unknown error' }),
    );
  });

  it('a refusal is definite even under a 5xx status', async () => {
    newpay.handler = () => ({ status: 503, body: envelope({ success: false, code: 'Z00046', message: 'not whitelisted' }) });
    await expect(client.createOpenMini(order)).rejects.toThrow(expect.objectContaining({ constructor: NewPayBusinessError, code: 'Z00046', outcomeUnknown: false }));
  });
});

describe('success is success:true with code "0" or no code at all', () => {
  it.each([
    ['code "0"', { success: true, code: '0' }],
    ['code 0 as a number', { success: true, code: new ExactNumber('0') }],
    ['no code', { success: true }],
  ])('%s', async (_what, fields) => {
    newpay.handler = () => ({ body: envelope(fields, queryData()) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).resolves.toMatchObject({ orderNo: ORDER_NO, status: 'SUCCESS' });
  });

  it.each([
    ['neither flag nor code', { message: 'hello' }],
    ['success as the text "true"', { success: 'true' }],
  ])('an envelope with %s is a protocol error, not a refusal', async (_what, fields) => {
    newpay.handler = () => ({ body: envelope(fields, queryData()) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({
        constructor: NewPayProtocolError,
        operation: 'queryOrder',
        message: 'NewPay queryOrder: unexpected answer: the envelope has neither success nor a code',
      }),
    );
  });

  it.each([
    ['no data', undefined],
    ['data as an array', []],
    ['data as text', 'orderNo=1'],
  ])('a success with %s is a protocol error', async (_what, data) => {
    newpay.handler = () => ({ body: stringifyExact({ success: true, code: '0', data }) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, message: 'NewPay queryOrder: unexpected answer: the answer has no data object' }),
    );
  });
});

describe('an HTTP status outside 2xx is a transport error, even with a well-formed answer', () => {
  it.each([300, 404, 499, 500, 503])('HTTP %s', async (status) => {
    newpay.handler = () => ({ status, body: signedAnswer(queryData(), platformPrivateKey) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({
        constructor: NewPayTransportError,
        failure: 'HTTP_STATUS',
        httpStatus: status,
        operation: 'queryOrder',
        retryable: true,
        outcomeUnknown: true,
        message: `NewPay queryOrder: HTTP ${status}; ${UNKNOWN_OUTCOME}`,
      }),
    );
  });

  it.each([100, 199])('HTTP %s passed up by an adapter', async (status) => {
    const adapted = clientOver(async () => ({ status, data: signedAnswer(queryData(), platformPrivateKey) }));
    await expect(adapted.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayTransportError, failure: 'HTTP_STATUS', httpStatus: status, message: `NewPay queryOrder: HTTP ${status}; ${UNKNOWN_OUTCOME}` }),
    );
  });

  it.each([200, 201, 299])('HTTP %s is an answer', async (status) => {
    newpay.handler = () => ({ status, body: signedAnswer(queryData(), platformPrivateKey) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).resolves.toMatchObject({ status: 'SUCCESS' });
  });
});

describe('the body is read as UTF-8 text whatever form the HTTP instance hands it over in', () => {
  it('a Buffer is decoded', async () => {
    const body = signedAnswer(queryData({ transInfo: 'ກາເຟ paid' }), platformPrivateKey);
    const adapted = clientOver(async () => ({ status: 200, data: Buffer.from(body, 'utf8') }));
    await expect(adapted.queryOrder({ orderNo: ORDER_NO })).resolves.toMatchObject({ status: 'SUCCESS', transInfo: 'ກາເຟ paid' });
  });

  it.each([undefined, null])('no body at all (%s) reads as an empty body', async (data) => {
    const adapted = clientOver(async () => ({ status: 200, data }));
    await expect(adapted.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({
        constructor: NewPayProtocolError,
        message: 'NewPay queryOrder: unexpected answer: the body is not a JSON object (invalid JSON: JSON value expected but reached end of input at position 0)',
      }),
    );
  });
});

describe('reading fields: null or absent is "not sent", a required field must be non-empty text', () => {
  const createResult = { appId: 'app-1', orderNo: ORDER_NO, newpayOrderNo: '202611210000006950', orderAmt: '25000.00', currency: 'LAK', tranNo: 'T1001', tranAbbr: 'WXMINI', payUrl: PAY_URL, signatureReading: 'no-empty-fields' };

  it('createOpenMini returns every documented field of the answer', async () => {
    newpay.handler = () => ({ body: signedAnswer(createData(), platformPrivateKey) });
    expect(await client.createOpenMini(order)).toStrictEqual(createResult);
  });

  it('optional fields that are absent or null are left out of the result, not set to undefined', async () => {
    newpay.handler = () => ({ body: signedAnswer(createData({ tranNo: null, tranAbbr: undefined, currency: undefined }), platformPrivateKey) });
    const result = await client.createOpenMini(order);
    expect(result).toStrictEqual({ appId: 'app-1', orderNo: ORDER_NO, newpayOrderNo: '202611210000006950', orderAmt: '25000.00', payUrl: PAY_URL, signatureReading: 'no-empty-fields' });
    expect(Object.keys(result)).not.toContain('tranNo');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])('a required field that is %s is missing', async (_what, payUrl) => {
    newpay.handler = () => ({ body: signedAnswer(createData({ payUrl }), platformPrivateKey) });
    await expect(client.createOpenMini(order)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, operation: 'createOpenMini', message: 'NewPay createOpenMini: unexpected answer: data.payUrl is missing' }),
    );
  });

  it('a required field that is empty is missing (free text has no format to catch it earlier)', async () => {
    newpay.handler = () => ({ body: envelope({ success: true, code: '0' }, { ...payment, paySign: '' }) });
    await expect(client.getMiniPayment({ code: 'c', newpayOrderNo: '1' })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, message: 'NewPay getMiniPayment: unexpected answer: data.paySign is missing' }),
    );
  });

  it('getMiniPayment returns the requestPayment fields and nothing else', async () => {
    newpay.handler = () => ({ body: envelope({ success: true, code: '0' }, { ...payment, extra: 'x' }) });
    expect(await client.getMiniPayment({ code: 'c', newpayOrderNo: '1' })).toStrictEqual(payment);
  });

  it.each([
    ['a required field that is a boolean', 'getMiniPayment', () => client.getMiniPayment({ code: 'c', newpayOrderNo: '1' }), { success: true, code: '0' }, { ...payment, nonceStr: true }, 'nonceStr'],
    ['an optional free-text field that is an object', 'queryOrder', () => client.queryOrder({ orderNo: ORDER_NO }), { success: true, code: '0' }, queryData({ transInfo: { a: 1 } }), 'transInfo'],
  ])('%s is refused, not read as missing or dropped', async (_what, operation, call, fields, data, key) => {
    newpay.handler = () => ({ body: envelope(fields, data) });
    await expect(call()).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, message: `NewPay ${operation}: unexpected answer: data.${key} is not a string or number` }),
    );
  });
});

describe('an answer must be about our request and in the documented range', () => {
  it('createOpenMini refuses a genuine answer about another order, naming both', async () => {
    newpay.handler = () => ({ body: signedAnswer(createData({ orderNo: 'SOMEONEELSE1' }), platformPrivateKey) });
    await expect(client.createOpenMini(order)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, message: `NewPay createOpenMini: unexpected answer: answer is for orderNo SOMEONEELSE1, not ${ORDER_NO}` }),
    );
  });

  it('queryOrder names an unknown transStatus', async () => {
    newpay.handler = () => ({ body: signedAnswer(queryData({ transStatus: 9 }), platformPrivateKey) });
    await expect(client.queryOrder({ orderNo: ORDER_NO })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, message: 'NewPay queryOrder: unexpected answer: transStatus 9 is not 0, 1 or 2' }),
    );
  });

  it('refund names an unknown tranStatus', async () => {
    newpay.handler = () => ({ body: signedAnswer(refundData({ tranStatus: 2 }), platformPrivateKey) });
    await expect(client.refund(refundRequest)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayProtocolError, operation: 'refund', message: 'NewPay refund: unexpected answer: tranStatus 2 is not 0 or 1' }),
    );
  });
});

describe('a request that gets no answer is a transport error: a timeout is told apart from a network failure', () => {
  it('no answer within the timeout', async () => {
    newpay.handler = () => 'hang';
    await expect(client.queryOrder({ orderNo: ORDER_NO }, { timeoutMs: 50 })).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayTransportError, failure: 'TIMEOUT', operation: 'queryOrder', message: `NewPay queryOrder: no answer within the timeout; ${UNKNOWN_OUTCOME}` }),
    );
  });

  it('an axios instance that reports timeouts as ETIMEDOUT (clarifyTimeoutError) times out the same way', async () => {
    newpay.handler = () => 'hang';
    const clarified = new NewPayClient({ ...options, baseUrl: newpay.baseUrl, http: axios.create({ transitional: { clarifyTimeoutError: true } }) });
    await expect(clarified.queryOrder({ orderNo: ORDER_NO }, { timeoutMs: 50 })).rejects.toThrow(expect.objectContaining({ constructor: NewPayTransportError, failure: 'TIMEOUT' }));
  });

  it('a dropped connection names the socket error code', async () => {
    newpay.handler = () => 'reset';
    await expect(client.createOpenMini(order)).rejects.toThrow(
      expect.objectContaining({ constructor: NewPayTransportError, failure: 'NETWORK', operation: 'createOpenMini', message: `NewPay createOpenMini: network error ECONNRESET; ${UNKNOWN_OUTCOME}` }),
    );
  });

  it.each([
    ['an Error', new Error('interceptor exploded'), 'interceptor exploded'],
    ['a string', 'no route', 'no route'],
    ['nothing', undefined, 'undefined'],
  ])('a failure that is not axios\'s (%s) is a network failure with its message', async (_what, thrown, detail) => {
    const failing = clientOver(() => Promise.reject(thrown));
    const error = await rejected(failing.refund(refundRequest));
    expect(error).toBeInstanceOf(NewPayTransportError);
    expect(error).toMatchObject({ failure: 'NETWORK', operation: 'refund', outcomeUnknown: true, message: `NewPay refund: request failed: ${detail}; ${UNKNOWN_OUTCOME}` });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
