/**
 * NewPay's HTTP API for WeChat mini program payments. Every request is signed over exactly the fields
 * it sends; every answer's `data` is verified with the platform key and then checked against the
 * documented field formats (./fields) before any field of it is read.
 * Failures come out as the typed errors of ./errors.
 */
import axios, { AxiosError, AxiosInstance } from 'axios';
import { KeyObject } from 'node:crypto';
import { ExactNumber, ExactObject, isPlainObject, JsonSyntaxError, parseExactObject, scalarText, stringifyExact } from './exactJson';
import { NewPayBusinessError, NewPayProtocolError, NewPaySignatureError, NewPayTransportError } from './errors';
import { findFieldProblem } from './fields';
import { SignatureReading, signFields, verifyFields } from './signature';

export interface NewPayPaths {
  readonly createOpenMini: string;
  readonly getMiniPayment: string;
  /**
   * NOT DOCUMENTED: NewPay's public docs lost the path of "Inquiry Payment" (newpay.md §4.4). This default
   * is our guess by analogy with `v1/refund`; confirm it with NewPay and set NEWPAY_QUERY_PATH.
   */
  readonly queryOrder: string;
  readonly refund: string;
}

export const DEFAULT_PATHS: NewPayPaths = {
  createOpenMini: '/api/open/converge/pay/v2/createOpenMini',
  getMiniPayment: '/api/open/converge/pay/v2/getMiniPayment',
  queryOrder: '/api/open/converge/pay/v1/queryOrder',
  refund: '/api/open/converge/pay/v1/refund',
};

export const DEFAULT_TIMEOUT_MS = 5000;

export interface NewPayClientOptions {
  /** e.g. https://prod-openapi.newpay.la (no trailing path). */
  readonly baseUrl: string;
  readonly appId: string;
  readonly merchantId: string;
  readonly merchantPrivateKey: KeyObject;
  readonly platformPublicKey: KeyObject;
  readonly paths?: Partial<NewPayPaths>;
  readonly timeoutMs?: number;
  /** Injected for tests; defaults to a fresh axios instance. */
  readonly http?: AxiosInstance;
  /** Clock for the ms `timestamp`; injected for tests. */
  readonly now?: () => number;
}

export interface CallOptions {
  readonly timeoutMs?: number;
}

export type EnvVersion = 'release' | 'trial';

export interface CreateOpenMiniRequest {
  readonly orderNo: string;
  /** NewPay's decimal form: "25000" (LAK), "12.50" (USD). */
  readonly orderAmt: string;
  readonly currency: string;
  readonly callBackUrl: string;
  readonly subject?: string;
  readonly envVersion?: EnvVersion;
}

export interface CreateOpenMiniResult {
  readonly appId: string;
  readonly orderNo: string;
  readonly newpayOrderNo: string;
  readonly tranNo?: string;
  readonly tranAbbr?: string;
  readonly orderAmt: string;
  readonly currency?: string;
  readonly payUrl: string;
  readonly signatureReading: SignatureReading;
}

export interface MiniPaymentResult {
  /** Parameters for wx.requestPayment, exactly as NewPay returned them. */
  readonly timeStamp: string;
  readonly nonceStr: string;
  readonly package: string;
  readonly signType: string;
  readonly paySign: string;
}

/** NewPay's query polarity: 1 success, 0 failure, 2 processing (unlike the callback's 0 = success). */
export type QueryStatus = 'SUCCESS' | 'FAILURE' | 'PROCESSING';

export interface OrderQueryResult {
  readonly orderNo: string;
  readonly newpayOrderNo?: string;
  readonly status: QueryStatus;
  readonly orderAmt?: string;
  readonly currency?: string;
  readonly transInfo?: string;
  readonly signatureReading: SignatureReading;
}

export interface RefundRequest {
  readonly orderNo: string;
  readonly refundOrderNo: string;
  readonly refundOrderAmt: string;
  readonly refundDesc: string;
  readonly callBackUrl: string;
}

export interface RefundResult {
  readonly refundOrderNo: string;
  readonly newpayRefundOrderNo?: string;
  /** 1 success, 0 failure in NewPay's refund answer. */
  readonly status: 'SUCCESS' | 'FAILURE';
  readonly refundOrderAmt?: string;
  readonly currency?: string;
  readonly signatureReading: SignatureReading;
}

export class NewPayClient {
  private readonly http: AxiosInstance;
  private readonly paths: NewPayPaths;
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(private readonly options: NewPayClientOptions) {
    this.http = options.http ?? axios.create();
    this.paths = { ...DEFAULT_PATHS, ...options.paths };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  /** 4.2.2 Place Order. The fields are exactly those of the seed document; empty optional fields are left out. */
  async createOpenMini(request: CreateOpenMiniRequest, call: CallOptions = {}): Promise<CreateOpenMiniResult> {
    const operation = 'createOpenMini';
    const data = await this.signedCall(operation, this.paths.createOpenMini, {
      currency: request.currency,
      orderAmt: request.orderAmt,
      orderNo: request.orderNo,
      subject: request.subject,
      callBackUrl: request.callBackUrl,
      envVersion: request.envVersion,
    }, call);
    const fields = read(data, operation, ['appId', 'orderNo', 'newpayOrderNo', 'orderAmt', 'payUrl'], ['tranNo', 'tranAbbr', 'currency']);
    if (fields.orderNo !== request.orderNo) {
      throw new NewPayProtocolError(operation, `answer is for orderNo ${fields.orderNo}, not ${request.orderNo}`);
    }
    return { ...fields, signatureReading: data.reading };
  }

  /**
   * 4.2.3 Obtain Payment Information. NewPay documents no sign on this request or its answer: the answer
   * is verified when it carries a sign, and WeChat itself checks the paySign it contains.
   */
  async getMiniPayment(request: { code: string; newpayOrderNo: string }, call: CallOptions = {}): Promise<MiniPaymentResult> {
    const operation = 'getMiniPayment';
    // newpayOrderNo is typed Long: sent as a JSON number token built from its digits, never via Number.
    const newpayOrderNo = /^[0-9]{1,19}$/.test(request.newpayOrderNo) ? new ExactNumber(request.newpayOrderNo) : request.newpayOrderNo;
    const body = { code: request.code, newpayOrderNo, timestamp: this.now() };
    const data = await this.exchange(operation, this.paths.getMiniPayment, body, 'if-signed', call);
    return read(data, operation, ['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'], []);
  }

  /** Inquiry Payment by our orderNo. See DEFAULT_PATHS.queryOrder about the path. */
  async queryOrder(request: { orderNo: string }, call: CallOptions = {}): Promise<OrderQueryResult> {
    const operation = 'queryOrder';
    const data = await this.signedCall(operation, this.paths.queryOrder, { orderNo: request.orderNo }, call);
    const fields = read(data, operation, ['orderNo', 'transStatus'], ['newpayOrderNo', 'orderAmt', 'currency', 'transInfo']);
    const status = QUERY_STATUS[fields.transStatus];
    if (!status) throw new NewPayProtocolError(operation, `transStatus ${fields.transStatus} is not 0, 1 or 2`);
    if (fields.orderNo !== request.orderNo) throw new NewPayProtocolError(operation, `answer is for orderNo ${fields.orderNo}, not ${request.orderNo}`);
    return {
      orderNo: fields.orderNo,
      newpayOrderNo: fields.newpayOrderNo,
      status,
      orderAmt: fields.orderAmt,
      currency: fields.currency,
      transInfo: fields.transInfo,
      signatureReading: data.reading,
    };
  }

  /** 4.3.2 Refund (full or partial). */
  async refund(request: RefundRequest, call: CallOptions = {}): Promise<RefundResult> {
    const operation = 'refund';
    const data = await this.signedCall(operation, this.paths.refund, { ...request }, call);
    const fields = read(data, operation, ['tranStatus'], ['refundOrderNo', 'newpayRefundOrderNo', 'refundOrderAmt', 'currency']);
    const status = REFUND_STATUS[fields.tranStatus];
    if (!status) throw new NewPayProtocolError(operation, `tranStatus ${fields.tranStatus} is not 0 or 1`);
    return {
      refundOrderNo: fields.refundOrderNo ?? request.refundOrderNo,
      newpayRefundOrderNo: fields.newpayRefundOrderNo,
      status,
      refundOrderAmt: fields.refundOrderAmt,
      currency: fields.currency,
      signatureReading: data.reading,
    };
  }

  private signedCall(operation: string, path: string, fields: Record<string, string | undefined>, call: CallOptions): Promise<VerifiedData> {
    const body: Record<string, unknown> = { appId: this.options.appId, merchantId: this.options.merchantId, timestamp: this.now() };
    for (const [key, value] of Object.entries(fields)) {
      // Optional fields are omitted rather than sent empty, so both readings of the empty-string rule agree.
      if (value !== undefined && value !== '') body[key] = value;
    }
    body.sign = signFields(body, this.options.merchantPrivateKey);
    return this.exchange(operation, path, body, 'required', call);
  }

  private async exchange(operation: string, path: string, body: Record<string, unknown>, signedAnswer: 'required' | 'if-signed', call: CallOptions): Promise<VerifiedData> {
    const text = stringifyExact(body);
    let status: number;
    let answer: string;
    try {
      const response = await this.http.post<string>(this.baseUrl + path, text, {
        headers: { 'Content-Type': 'application/json', version: '1.0' },
        timeout: call.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        responseType: 'text',
        // No transforms: the bytes signed are the bytes sent, and the text verified is the text received.
        transformRequest: [],
        transformResponse: [],
        validateStatus: () => true,
      });
      status = response.status;
      answer = Buffer.isBuffer(response.data) ? (response.data as Buffer).toString('utf8') : String(response.data ?? '');
    } catch (error) {
      throw transportError(operation, error);
    }
    let envelope: ExactObject | undefined;
    let unreadable: JsonSyntaxError | undefined;
    try {
      // Depth-limited: an answer nested past 32 levels is refused here rather than overflowing the stack.
      envelope = parseExactObject(answer);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      unreadable = error;
    }
    const codeText = envelope ? scalarText(envelope.code) : undefined;
    const succeeded = envelope?.success === true && (codeText === undefined || codeText === '0');
    if (envelope && !succeeded && (codeText !== undefined || envelope.success === false)) {
      // A business refusal is definite whatever the HTTP status.
      throw new NewPayBusinessError(codeText ?? 'NO_CODE', scalarText(envelope.message) ?? '', operation);
    }
    if (status < 200 || status >= 300) {
      throw new NewPayTransportError('HTTP_STATUS', operation, `HTTP ${status}`, status);
    }
    if (!envelope) throw new NewPayProtocolError(operation, `the body is not a JSON object (${unreadable?.message})`);
    if (!succeeded) throw new NewPayProtocolError(operation, 'the envelope has neither success nor a code');
    const data = envelope.data;
    if (!isPlainObject(data)) throw new NewPayProtocolError(operation, 'the answer has no data object');
    let reading: SignatureReading | null = 'no-empty-fields';
    if (signedAnswer === 'required' || data.sign !== undefined) {
      reading = verifyFields(data, this.options.platformPublicKey);
      if (!reading) throw new NewPaySignatureError(operation);
    }
    // After the signature, before any field is read: a genuine answer re-split at "&"/"=" still verifies.
    const problem = findFieldProblem(data);
    if (problem) throw new NewPayProtocolError(operation, `data.${problem}`);
    return { fields: data, reading };
  }
}

interface VerifiedData {
  readonly fields: ExactObject;
  readonly reading: SignatureReading;
}

const QUERY_STATUS: Readonly<Record<string, QueryStatus>> = { '1': 'SUCCESS', '0': 'FAILURE', '2': 'PROCESSING' };
const REFUND_STATUS: Readonly<Record<string, RefundResult['status']>> = { '1': 'SUCCESS', '0': 'FAILURE' };

type ReadFields<R extends string, O extends string> = { [K in R]: string } & { [K in O]?: string };

/** Reads named scalar fields of verified data as text (numbers as their exact token). */
function read<R extends string, O extends string = never>(data: VerifiedData, operation: string, required: readonly R[], optional: readonly O[]): ReadFields<R, O> {
  const out: Record<string, string | undefined> = {};
  for (const key of [...required, ...optional]) {
    const value = data.fields[key];
    const text = scalarText(value); // undefined for null and absent too
    if (value !== null && value !== undefined && text === undefined) throw new NewPayProtocolError(operation, `data.${key} is not a string or number`);
    if ((required as readonly string[]).includes(key) && (text === undefined || text === '')) throw new NewPayProtocolError(operation, `data.${key} is missing`);
    if (text !== undefined) out[key] = text;
  }
  return out as ReadFields<R, O>;
}

function transportError(operation: string, error: unknown): NewPayTransportError {
  if (error instanceof AxiosError) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === AxiosError.ETIMEDOUT;
    return new NewPayTransportError(timedOut ? 'TIMEOUT' : 'NETWORK', operation, timedOut ? 'no answer within the timeout' : `network error ${error.code ?? error.message}`);
  }
  return new NewPayTransportError('NETWORK', operation, `request failed: ${(error as Error)?.message ?? String(error)}`);
}
