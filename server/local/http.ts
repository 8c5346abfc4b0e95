/** Small helpers shared by the function host and the NewPay sandbox (node:http, no framework). */
import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The largest request body the local host takes, as CloudBase's gateway would refuse a larger one. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** Listens on 127.0.0.1 (port 0 picks a free one) and returns the port it got. */
export async function listenOnLoopback(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Closes the server and every open connection (keep-alive sockets would hold it open). */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

/**
 * The request body as raw bytes; more than `limit` bytes is refused with BodyTooLarge. An oversized
 * body is still read to its end, without keeping it, before the promise rejects: the caller then
 * answers 413 on a connection where the client has finished sending. Destroying the request at the
 * limit instead resets the connection under a client that is still writing, and it sees
 * ECONNRESET/EPIPE, never the answer. (A client that sends forever is cut off by node's
 * server.requestTimeout, 5 minutes.)
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0; // over the limit: keep reading, keep nothing
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) }).end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, typeof value === 'string' ? value : JSON.stringify(value), 'application/json; charset=utf-8');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Resolves after `ms`, or at once when the signal aborts. Whichever comes first removes the other,
 * so a long-lived signal does not collect one listener per sleep.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
