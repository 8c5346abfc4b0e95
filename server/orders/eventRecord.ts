/**
 * What payNotify stores about a request before it looks at its content. Pure. Everything here comes
 * from whoever reached the endpoint, so nothing in it may be able to make the write fail: header names
 * become values in a list (a name with `.` or a leading `$` is refused as a document key by both
 * databases), every string is capped, and the body is kept as text only when it is valid UTF-8.
 */
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import { MAX_NOTIFICATION_BYTES } from '../newpay/notification';
import type { PaymentEvent, RecordedHeader } from './store';

/** What we keep of a body is what we would accept (64 KB); its length and SHA-256 always. */
export const MAX_RECORDED_BODY_BYTES = MAX_NOTIFICATION_BYTES;
export const MAX_RECORDED_HEADERS = 64;
export const MAX_HEADER_NAME_CHARS = 256;
export const MAX_HEADER_VALUE_CHARS = 4096;
const MAX_METHOD_CHARS = 16;
const MAX_PATH_CHARS = 1024;

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** As received, in order; names may repeat and may be anything. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

export function eventRecord(request: ReceivedRequest, receivedAt: number): PaymentEvent {
  const kept = request.headers.slice(0, MAX_RECORDED_HEADERS);
  const headers: RecordedHeader[] = kept.map(([name, value]) => ({ name: clip(name, MAX_HEADER_NAME_CHARS), value: clip(value, MAX_HEADER_VALUE_CHARS) }));
  const body = request.body.subarray(0, MAX_RECORDED_BODY_BYTES);
  const text = utf8(body);
  return {
    receivedAt,
    method: clip(request.method, MAX_METHOD_CHARS),
    path: clip(request.path, MAX_PATH_CHARS),
    headers,
    headersDropped: request.headers.length - kept.length,
    rawBody: text ?? Buffer.from(body).toString('base64'),
    rawBodyEncoding: text === null ? 'base64' : 'utf8',
    bodyBytes: request.body.byteLength,
    bodySha256: createHash('sha256').update(request.body).digest('hex'),
    bodyTruncated: request.body.byteLength > body.byteLength,
    verdict: 'RECEIVED',
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The bytes as text, or null when they are not valid UTF-8 (a cut multi-byte character included). */
function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
