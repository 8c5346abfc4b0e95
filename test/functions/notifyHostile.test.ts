/**
 * Hostile notification bodies through the whole payNotify function. Asserts on the HTTP status and on
 * the order only: how events are recorded is another concern (and tested in payNotify.test.ts).
 */
import type { HttpAccessResponse } from '../../typings/contracts';
import { parseExactObject, stringifyExact } from '../../server/newpay/exactJson';
import { Harness, resetHarness, startHarness, stopHarness } from '../support/functions';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));
beforeEach(() => resetHarness(h));

async function payingOrder(): Promise<string> {
  const result = await h.call('createPayment', { items: [{ sku: 'coffee', qty: 1 }], idempotencyKey: `hostile-${Math.random().toString(36).slice(2, 12)}` });
  if (!result.ok) throw new Error(result.error.message);
  return result.order.orderNo;
}

const order = async (orderNo: string) => {
  const { status, flags, paidAt, updatedAt } = (await h.store.findOrder(orderNo))!;
  return { status, flags, paidAt, updatedAt };
};
const FAIL = { transResult: 'FAIL' };
/** NewPay's genuine callback with the empty `extra` folded into `currency`: the same string to sign. */
function resplit(orderNo: string): string {
  // Parsed exactly: the 18-digit newpayOrderNo must keep its token or the genuine signature breaks.
  const { extra, ...genuine } = parseExactObject(h.newpay.notification(orderNo));
  expect(extra).toBe('');
  return stringifyExact({ ...genuine, currency: 'LAK&extra=' });
}
const answer = (response: HttpAccessResponse) => ({ statusCode: response.statusCode, body: JSON.parse(response.body) as unknown });

describe('payNotify against hostile bodies', () => {
  it('answers 400 to a genuine callback re-split so "&extra=" moves into currency, and leaves the order as it was', async () => {
    const orderNo = await payingOrder();
    const before = await order(orderNo);
    expect(answer(await h.notify({ body: resplit(orderNo) }))).toEqual({ statusCode: 400, body: FAIL });
    expect(await order(orderNo)).toEqual(before);
    expect(before).toMatchObject({ status: 'PAYING', flags: [] });
  });

  it.each([
    ['objects', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
    ['arrays inside a field', `{"extra":${'['.repeat(5_000)}${']'.repeat(5_000)},"sign":"x"}`],
  ])('answers 400, not 500, to a body of %s nested 5,000 levels deep', async (_what, body) => {
    const orderNo = await payingOrder();
    const before = await order(orderNo);
    expect(answer(await h.notify({ body }))).toEqual({ statusCode: 400, body: FAIL });
    expect(await order(orderNo)).toEqual(before);
  });

  it('still pays the order on the genuine callback afterwards', async () => {
    const orderNo = await payingOrder();
    expect((await h.notify({ body: resplit(orderNo) })).statusCode).toBe(400);
    expect((await h.notify({ body: h.newpay.notification(orderNo) })).statusCode).toBe(200);
    expect(await order(orderNo)).toMatchObject({ status: 'PAID', flags: [] });
  });
});
