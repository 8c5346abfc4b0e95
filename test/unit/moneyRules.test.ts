/**
 * Money rules of the pure modules, one named test per rule of issue 16. Each test fails when the rule
 * it names is broken (mutation testing proves it: `npm run mutation`). The rules that run through the
 * functions (settlement, payments, notifications) are in test/functions/moneyRules.test.ts.
 */
import type { AxiosInstance } from 'axios';
import type { Product } from '../../typings/contracts';
import { parseAmount } from '../../miniprogram/domain/money';
import { priceCart } from '../../server/core/pricing';
import { canonicalString, compareBytes } from '../../server/newpay/canonical';
import { NewPayClient } from '../../server/newpay/client';
import { NewPayProtocolError, NewPaySignatureError } from '../../server/newpay/errors';
import { ExactNumber, parseExactObject, stringifyExact } from '../../server/newpay/exactJson';
import { signFields, verifyFields } from '../../server/newpay/signature';
import { reportedAmountMatches } from '../../server/orders/settlement';
import { caughtAppError, rejected } from '../support/caught';
import { signedAnswer } from '../support/fakeNewPay';
import { merchantPrivateKey, merchantPublicKey, platformPrivateKey, platformPublicKey, vectors } from '../support/fixtures';
import { orderRecord } from '../support/orders';

describe('amounts reported by NewPay (settlement.reportedAmountMatches)', () => {
  const lak = orderRecord({ currency: 'LAK', amount: '25000' });
  const usd = orderRecord({ currency: 'USD', amount: '12.50' });

  it("rule 1: an amount higher than the order's is not a match", () => {
    expect(reportedAmountMatches(lak, '25001')).toBe(false);
    expect(reportedAmountMatches(lak, '25001.00')).toBe(false);
    expect(reportedAmountMatches(lak, '250000')).toBe(false);
    expect(reportedAmountMatches(usd, '12.51')).toBe(false);
    expect(reportedAmountMatches(usd, '13')).toBe(false);
  });

  it("rule 1: an amount lower than the order's is not a match either", () => {
    expect(reportedAmountMatches(lak, '24999')).toBe(false);
    expect(reportedAmountMatches(usd, '12.49')).toBe(false);
  });

  it('rule 1: the same amount matches however NewPay writes it', () => {
    expect(reportedAmountMatches(lak, '25000')).toBe(true);
    expect(reportedAmountMatches(lak, '25000.00')).toBe(true);
    expect(reportedAmountMatches(usd, '12.5')).toBe(true);
    expect(reportedAmountMatches(usd, '12.500')).toBe(true);
  });

  it('rule 2: a report without an amount is never a match', () => {
    expect(reportedAmountMatches(lak, undefined)).toBe(false);
    expect(reportedAmountMatches(usd, undefined)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not a number', 'abc'],
    ['negative', '-25000'],
    ['in exponent notation', '2.5e4'],
    ['LAK with a non-zero fraction', '25000.50'],
    ['zero', '0'],
    ['too large to be exact', '25000000000000000000'],
  ])('rule 12: an amount that cannot be read (%s) is never a match', (_what, reported) => {
    expect(reportedAmountMatches(lak, reported)).toBe(false);
  });
});

describe('catalog prices (pricing.priceCart)', () => {
  const product = (sku: string, value: string, currency: 'LAK' | 'USD'): Product => ({ sku, name: sku, description: '', image: '', price: { value, currency } });
  const lakRules = { currency: 'LAK' as const, maxOrderAmount: parseAmount('5000000', 'LAK') };
  const usdRules = { currency: 'USD' as const, maxOrderAmount: parseAmount('500.00', 'USD') };
  const refusal = caughtAppError;

  it("rule 4: a product priced in another currency than the store's is refused, even when its price reads as a valid amount", () => {
    // "25000" is a valid LAK amount too: only the currency check can refuse it.
    const catalog = new Map([['coffee', product('coffee', '25000', 'USD')]]);
    const error = refusal(() => priceCart([{ sku: 'coffee', qty: 1 }], catalog, lakRules));
    expect(error.code).toBe('MISCONFIGURED');
    expect(error.message).toBe('product coffee is priced in USD, the store sells in LAK');
  });

  it('rule 4: the same in a USD store with a LAK price', () => {
    const catalog = new Map([['pen', product('pen', '3', 'LAK')]]);
    expect(refusal(() => priceCart([{ sku: 'pen', qty: 1 }], catalog, usdRules))).toMatchObject({ code: 'MISCONFIGURED', message: 'product pen is priced in LAK, the store sells in USD' });
  });

  it("rule 4: a product in the store's currency is priced", () => {
    const catalog = new Map([['pen', product('pen', '3', 'USD')]]);
    expect(priceCart([{ sku: 'pen', qty: 2 }], catalog, usdRules).total).toEqual({ minor: 600, currency: 'USD' });
  });
});

/** A NewPay stand-in at the HTTP layer: records each request body and answers with what the test says. */
function clientAnswering(answer: (body: Record<string, unknown>) => string): { client: NewPayClient; sent: string[] } {
  const sent: string[] = [];
  const http = {
    post: async (_url: string, text: string) => {
      sent.push(text);
      return { status: 200, data: answer(parseExactObject(text)) };
    },
  } as unknown as AxiosInstance;
  const client = new NewPayClient({ baseUrl: 'https://newpay.test', appId: 'app-1', merchantId: 'mch-1', merchantPrivateKey, platformPublicKey, http, now: () => 1763768192123 });
  return { client, sent };
}

const unsignedAnswer = (data: Record<string, unknown>): string => stringifyExact({ success: true, message: 'success', code: '0', timestamp: 1763768192999, data });
const ORDER_NO = '20261121233632123ABCDEFGHIJKL';
const createRequest = { orderNo: ORDER_NO, orderAmt: '25000', currency: 'LAK', callBackUrl: 'https://shop.example.la/notify' };
const createData = {
  appId: 'app-1',
  orderNo: ORDER_NO,
  newpayOrderNo: new ExactNumber('202611210000006950'),
  orderAmt: '25000.00',
  currency: 'LAK',
  payUrl: 'weixin://dl/business/?appid=wxcashier&path=pages/pay/index&env_version=release',
};
const queryData = { orderNo: ORDER_NO, newpayOrderNo: new ExactNumber('202611210000006950'), transStatus: 1, orderAmt: '25000.00', currency: 'LAK' };

describe('NewPay answers (client)', () => {
  it('rule 5: a createOpenMini answer with no sign at all is refused', async () => {
    const { client } = clientAnswering(() => unsignedAnswer(createData));
    expect(await rejected(client.createOpenMini(createRequest))).toBeInstanceOf(NewPaySignatureError);
  });

  it('rule 5: a queryOrder answer with no sign at all is refused, even one that says paid', async () => {
    const { client } = clientAnswering(() => unsignedAnswer(queryData));
    expect(await rejected(client.queryOrder({ orderNo: ORDER_NO }))).toBeInstanceOf(NewPaySignatureError);
  });

  it('rule 5: a refund answer with no sign at all is refused', async () => {
    const { client } = clientAnswering(() => unsignedAnswer({ tranStatus: 1, refundOrderNo: 'R1', refundOrderAmt: '1000', currency: 'LAK' }));
    const refund = { orderNo: ORDER_NO, refundOrderNo: 'R1', refundOrderAmt: '1000', refundDesc: 'damaged', callBackUrl: 'https://shop.example.la/refund' };
    expect(await rejected(client.refund(refund))).toBeInstanceOf(NewPaySignatureError);
  });

  it('rule 5: an empty sign is no sign', async () => {
    const { client } = clientAnswering(() => unsignedAnswer({ ...queryData, sign: '' }));
    expect(await rejected(client.queryOrder({ orderNo: ORDER_NO }))).toBeInstanceOf(NewPaySignatureError);
  });

  it('rule 5: the same answers signed by NewPay are accepted (the refusals above are about the sign)', async () => {
    const create = clientAnswering(() => signedAnswer(createData, platformPrivateKey));
    expect(await create.client.createOpenMini(createRequest)).toMatchObject({ orderNo: ORDER_NO, orderAmt: '25000.00', newpayOrderNo: '202611210000006950' });
    const query = clientAnswering(() => signedAnswer(queryData, platformPrivateKey));
    expect(await query.client.queryOrder({ orderNo: ORDER_NO })).toMatchObject({ orderNo: ORDER_NO, status: 'SUCCESS', orderAmt: '25000.00' });
  });

  it('rule 6: a genuine query answer about another order number is refused', async () => {
    const { client, sent } = clientAnswering(() => signedAnswer({ ...queryData, orderNo: '20261121233632123ZZZZZZZZZZZZ' }, platformPrivateKey));
    const error = await rejected(client.queryOrder({ orderNo: ORDER_NO }));
    expect(error).toBeInstanceOf(NewPayProtocolError);
    expect(error.message).toContain('20261121233632123ZZZZZZZZZZZZ');
    expect(parseExactObject(sent[0]!).orderNo).toBe(ORDER_NO);
  });

  it('rule 6: a genuine query answer that leaves out the order number is refused', async () => {
    const { orderNo: _left, ...withoutOrderNo } = queryData;
    const { client } = clientAnswering(() => signedAnswer(withoutOrderNo, platformPrivateKey));
    expect(await rejected(client.queryOrder({ orderNo: ORDER_NO }))).toBeInstanceOf(NewPayProtocolError);
  });
});

describe('canonical key order (canonical.compareBytes)', () => {
  // U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP is EF BD A1 in UTF-8 and one UTF-16 unit, 0xFF61.
  // U+1F600 GRINNING FACE is F0 9F 98 80 in UTF-8 and the surrogate pair D83D DE00 in UTF-16.
  // UTF-8 byte order puts U+FF61 first; JavaScript's default (UTF-16 unit) order puts U+1F600 first.
  const HALFWIDTH_STOP = '\uFF61';
  const GRINNING_FACE = '\u{1F600}';
  const vector = vectors().find((v) => v.name === 'non-bmp-keys')!;

  it('the two orders really differ for these keys (the premise of rule 11)', () => {
    expect([GRINNING_FACE, HALFWIDTH_STOP].sort()).toEqual([GRINNING_FACE, HALFWIDTH_STOP]);
    expect(Buffer.compare(Buffer.from(HALFWIDTH_STOP), Buffer.from(GRINNING_FACE))).toBe(-1);
  });

  it('rule 11: keys are ordered by UTF-8 bytes, not UTF-16 units', () => {
    expect(compareBytes(HALFWIDTH_STOP, GRINNING_FACE)).toBeLessThan(0);
    expect(compareBytes(GRINNING_FACE, HALFWIDTH_STOP)).toBeGreaterThan(0);
    expect(compareBytes(GRINNING_FACE, GRINNING_FACE)).toBe(0);
    expect(canonicalString({ [GRINNING_FACE]: '1', [HALFWIDTH_STOP]: '2' })).toBe('\uFF61=2&\u{1F600}=1');
  });

  it('rule 11: the canonical string of keys outside the BMP, nested too, is the hand-written one', () => {
    expect(vector.canonical).toBe('nested={"\uFF61":2,"\u{1F600}":1}&z=1&\uFF61=halfwidth full stop&\u{1F600}=smile');
    expect(canonicalString(parseExactObject(vector.json))).toBe(vector.canonical);
  });

  it("rule 11: the signature over keys outside the BMP is openssl's, and openssl's verifies", () => {
    const fields = parseExactObject(vector.json);
    expect(signFields(fields, merchantPrivateKey)).toBe(vector.signature);
    expect(verifyFields({ ...fields, sign: vector.signature }, merchantPublicKey)).toBe('no-empty-fields');
  });
});
