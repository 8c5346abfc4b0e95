/**
 * A loopback HTTP server standing in for NewPay in client tests: it records each request's raw bytes
 * and answers with whatever the test scripts. (The full sandbox that behaves like NewPay comes with
 * the local stack; these tests need exact control over every answer.)
 */
import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KeyObject } from 'node:crypto';
import { stringifyExact } from '../../server/newpay/exactJson';
import { signFields } from '../../server/newpay/signature';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

export type Answer = { status?: number; body: string } | 'hang' | 'reset';
export type Handler = (request: ReceivedRequest) => Answer;

export class FakeNewPay {
  readonly requests: ReceivedRequest[] = [];
  handler: Handler = () => ({ status: 404, body: '' });
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeNewPay> {
    let fake: FakeNewPay | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
        fake!.requests.push(request);
        const answer = fake!.handler(request);
        if (answer === 'hang') return; // never answer: the client must time out
        if (answer === 'reset') return void req.socket.destroy();
        res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' }).end(answer.body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    fake = new FakeNewPay(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

/** NewPay's success envelope with `data` signed by the platform key, as raw JSON text. */
export function signedAnswer(data: Record<string, unknown>, platformKey: KeyObject): string {
  return stringifyExact({ success: true, message: 'success', code: '0', timestamp: 1763768192999, data: { ...data, sign: signFields(data, platformKey) } });
}

export function refusal(code: string, message: string): string {
  return JSON.stringify({ success: false, message, code, timestamp: 1763768192999 });
}
