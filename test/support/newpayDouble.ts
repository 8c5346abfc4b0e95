/**
 * A NewPay double for function tests, over the scriptable loopback server: it verifies the merchant's
 * signature like NewPay, remembers the orders it created, answers queries about them, and can be told
 * to fail the next createOpenMini in the ways that matter (5xx before acting, or acting and then never
 * answering). The full sandbox with callbacks and a cashier comes with the local stack.
 */
import { ExactNumber, parseExactObject, scalarText } from '../../server/newpay/exactJson';
import { signTestNotification } from '../../server/newpay/notification';
import { verifyFields } from '../../server/newpay/signature';
import { FakeNewPay, refusal, signedAnswer } from './fakeNewPay';
import { merchantPublicKey, platformPrivateKey } from './fixtures';

export const CASHIER_APPID = 'wxNEWPAYCASHIER';

export interface DoubleOrder {
  orderNo: string;
  newpayOrderNo: string;
  orderAmt: string;
  currency: string;
  envVersion: string;
  /** Query polarity: 1 success, 0 failure, 2 processing. */
  transStatus: 0 | 1 | 2;
}

export type CreateFault = 'none' | 'http-502' | 'timeout-after-create' | 'timeout-before-create';

export class NewPayDouble {
  /** What createOpenMini's payUrl looks like: NewPay's cashier scheme by default. */
  static cashierScheme = (order: DoubleOrder): string =>
    `weixin://dl/business/?appid=${CASHIER_APPID}&path=pages/cashier/index&query=${encodeURIComponent(`newpayOrderNo=${order.newpayOrderNo}`)}&env_version=${order.envVersion}`;
  payUrlFor = NewPayDouble.cashierScheme;
  readonly orders = new Map<string, DoubleOrder>();
  nextCreateFault: CreateFault = 'none';
  private sequence = 6950;

  private constructor(readonly server: FakeNewPay) {}

  static async start(): Promise<NewPayDouble> {
    const double = new NewPayDouble(await FakeNewPay.start());
    double.server.handler = (request) => double.handle(request.path, request.rawBody);
    return double;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  get createCalls(): number {
    return this.server.requests.filter((r) => r.path.endsWith('/createOpenMini')).length;
  }

  /** How many order queries reached the double, for one orderNo or for all. */
  queryCalls(orderNo?: string): number {
    return this.server.requests.filter((r) => r.path.endsWith('/queryOrder') && (orderNo === undefined || r.rawBody.includes(`"orderNo":"${orderNo}"`))).length;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  reset(): void {
    this.orders.clear();
    this.server.requests.length = 0;
    this.nextCreateFault = 'none';
    this.payUrlFor = NewPayDouble.cashierScheme;
  }

  /** The v1 payment callback NewPay would send for an order, signed with the platform key. */
  notification(orderNo: string, overrides: Record<string, unknown> = {}): string {
    const order = this.orders.get(orderNo);
    if (!order) throw new Error(`the double has no order ${orderNo}`);
    return signTestNotification(
      {
        orderNo,
        subject: 'Lao coffee 250g ×1',
        transInfo: 'Transaction Success',
        orderAmt: `${order.orderAmt}${order.currency === 'LAK' ? '.00' : ''}`,
        newpayOrderNo: new ExactNumber(order.newpayOrderNo),
        settlementStatus: 1,
        payMethod: 1,
        extra: '',
        appId: 'app-1',
        currency: order.currency,
        transStatus: 0,
        timestamp: 1763768192999,
        ...overrides,
      },
      platformPrivateKey,
    );
  }

  private handle(path: string, rawBody: string) {
    const fields = parseExactObject(rawBody);
    if (!path.endsWith('/getMiniPayment') && !verifyFields(fields, merchantPublicKey)) return { body: refusal('Z00007', 'sign verification failed') };
    const orderNo = scalarText(fields.orderNo) ?? '';
    if (path.endsWith('/createOpenMini')) {
      const fault = this.nextCreateFault;
      this.nextCreateFault = 'none';
      if (fault === 'http-502') return { status: 502, body: 'Bad Gateway' };
      if (fault === 'timeout-before-create') return 'hang' as const;
      if (this.orders.has(orderNo)) return { body: refusal('Z01028', 'order number not available, please change') };
      const order: DoubleOrder = {
        orderNo,
        newpayOrderNo: `2026112100000${this.sequence++}`,
        orderAmt: scalarText(fields.orderAmt) ?? '',
        currency: scalarText(fields.currency) ?? '',
        envVersion: scalarText(fields.envVersion) ?? 'release',
        transStatus: 2,
      };
      this.orders.set(orderNo, order);
      if (fault === 'timeout-after-create') return 'hang' as const;
      return {
        body: signedAnswer(
          { appId: 'app-1', currency: order.currency, tranAbbr: 'WXMINI', tranNo: `T${order.newpayOrderNo}`, orderAmt: order.currency === 'LAK' ? `${order.orderAmt}.00` : order.orderAmt, payUrl: this.payUrlFor(order), orderNo, newpayOrderNo: new ExactNumber(order.newpayOrderNo) },
          platformPrivateKey,
        ),
      };
    }
    if (path.endsWith('/queryOrder')) {
      const order = this.orders.get(orderNo);
      if (!order) return { body: refusal('E9008', 'order information does not exist') };
      return {
        body: signedAnswer(
          { orderNo, newpayOrderNo: new ExactNumber(order.newpayOrderNo), transStatus: order.transStatus, orderAmt: order.orderAmt, currency: order.currency, transInfo: order.transStatus === 1 ? 'Transaction Success' : 'Processing' },
          platformPrivateKey,
        ),
      };
    }
    if (path.endsWith('/getMiniPayment')) {
      return { body: JSON.stringify({ success: true, code: '0', data: { timeStamp: '1763768192', nonceStr: 'n0nce', package: 'prepay_id=wx21', signType: 'RSA', paySign: 'c2lnbmF0dXJl' } }) };
    }
    return { status: 404, body: '' };
  }
}
