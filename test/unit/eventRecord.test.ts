import { createHash } from 'node:crypto';
import { eventRecord, MAX_HEADER_NAME_CHARS, MAX_HEADER_VALUE_CHARS, MAX_RECORDED_BODY_BYTES, MAX_RECORDED_HEADERS, ReceivedRequest } from '../../server/orders/eventRecord';

const request = (overrides: Partial<ReceivedRequest> = {}): ReceivedRequest => ({ method: 'POST', path: '/newpay/notify', headers: [], body: Buffer.from('{}'), ...overrides });

describe('what payNotify records before judging a request', () => {
  it('keeps a small UTF-8 body exactly, with its length and SHA-256, untruncated', () => {
    const body = Buffer.from('{"subject":"ກາເຟ ☕"}', 'utf8');
    expect(eventRecord(request({ body }), 42)).toEqual({
      receivedAt: 42,
      method: 'POST',
      path: '/newpay/notify',
      headers: [],
      headersDropped: 0,
      rawBody: '{"subject":"ກາເຟ ☕"}',
      rawBodyEncoding: 'utf8',
      bodyBytes: body.length,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      bodyTruncated: false,
      verdict: 'RECEIVED',
    });
  });

  it('keeps a byte-order mark as received rather than dropping it', () => {
    const body = Buffer.from('\uFEFF{}', 'utf8');
    expect(eventRecord(request({ body }), 1).rawBody).toBe('\uFEFF{}');
  });

  it('keeps exactly the first 64 KB of a larger body, hashing all of it', () => {
    const body = Buffer.alloc(MAX_RECORDED_BODY_BYTES + 1, 'a');
    const record = eventRecord(request({ body }), 1);
    expect(record.rawBody).toHaveLength(MAX_RECORDED_BODY_BYTES);
    expect(record).toMatchObject({ bodyBytes: MAX_RECORDED_BODY_BYTES + 1, bodyTruncated: true, bodySha256: createHash('sha256').update(body).digest('hex') });
    expect(eventRecord(request({ body: body.subarray(0, MAX_RECORDED_BODY_BYTES) }), 1).bodyTruncated).toBe(false);
  });

  it('stores bytes that are not UTF-8 as base64, so nothing is lost or replaced', () => {
    const body = Buffer.from([0xc3, 0x28, 0x7b]);
    expect(eventRecord(request({ body }), 1)).toMatchObject({ rawBody: body.toString('base64'), rawBodyEncoding: 'base64' });
  });

  it('keeps header order, repeats and any name, and caps names, values and count', () => {
    const long = 'n'.repeat(MAX_HEADER_NAME_CHARS + 5);
    const headers: [string, string][] = [['a.b', '1'], ['$x', '2'], ['a.b', '3'], [long, 'v'.repeat(MAX_HEADER_VALUE_CHARS + 5)]];
    const record = eventRecord(request({ headers }), 1);
    expect(record.headers.slice(0, 3)).toEqual([{ name: 'a.b', value: '1' }, { name: '$x', value: '2' }, { name: 'a.b', value: '3' }]);
    expect(record.headers[3]).toEqual({ name: `${'n'.repeat(MAX_HEADER_NAME_CHARS)}…`, value: `${'v'.repeat(MAX_HEADER_VALUE_CHARS)}…` });
    const exact = eventRecord(request({ headers: [['n'.repeat(MAX_HEADER_NAME_CHARS), 'v'.repeat(MAX_HEADER_VALUE_CHARS)]] }), 1);
    expect(exact.headers[0]).toEqual({ name: 'n'.repeat(MAX_HEADER_NAME_CHARS), value: 'v'.repeat(MAX_HEADER_VALUE_CHARS) });

    const many = Array.from({ length: MAX_RECORDED_HEADERS + 3 }, (_, i): [string, string] => [`h${i}`, 'v']);
    const capped = eventRecord(request({ headers: many }), 1);
    expect(capped.headers).toHaveLength(MAX_RECORDED_HEADERS);
    expect(capped.headers[MAX_RECORDED_HEADERS - 1]!.name).toBe(`h${MAX_RECORDED_HEADERS - 1}`);
    expect(capped.headersDropped).toBe(3);
  });

  it('caps an absurd method and path too', () => {
    const record = eventRecord(request({ method: 'X'.repeat(100), path: `/${'p'.repeat(5000)}` }), 1);
    expect(record.method).toBe(`${'X'.repeat(16)}…`);
    expect(record.path).toHaveLength(1025);
  });
});
