/**
 * Why a notification is refused, as the on-call operator reads it: the refusal's message goes into the
 * payment_events record and the `notify` log line (README "Logs"), so each reason must say what was
 * wrong, and a refusal for one reason must never be reported as another.
 */
import { MalformedNotificationError, NotificationSignatureError } from '../../server/newpay/errors';
import { MAX_NOTIFICATION_BYTES, signTestNotification, verifyNotification } from '../../server/newpay/notification';
import { caught } from '../support/caught';
import { NEWPAY_CALLBACK_EXAMPLE as example, platformPrivateKey, platformPublicKey } from '../support/fixtures';


const sign = (payload: Record<string, unknown>) => signTestNotification(payload, platformPrivateKey);

function refusal(body: string | Uint8Array): { kind: string; message: string } {
  const error = caught(() => verifyNotification(body, platformPublicKey));
  if (error instanceof NotificationSignatureError) return { kind: 'signature', message: error.message };
  if (error instanceof MalformedNotificationError) return { kind: 'malformed', message: error.message };
  throw error;
}

/** A genuinely signed body of exactly `bytes` bytes, padded through the free-text subject. */
function signedBodyOfSize(bytes: number): string {
  const base = sign({ ...example, subject: '' });
  const body = sign({ ...example, subject: 'x'.repeat(bytes - Buffer.byteLength(base)) });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

describe('a notification without a usable sign field is told apart from one whose signature is wrong', () => {
  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['a number', 12345],
  ])('sign %s: "notification has no sign field" (401)', (_what, sign) => {
    const body = JSON.stringify({ ...example, sign });
    expect(refusal(body)).toEqual({ kind: 'signature', message: 'notification has no sign field' });
  });

  it('a sign that does not match: "does not verify with the platform public key" (401)', () => {
    const body = sign(example).replace('"currency":"LAK"', '"currency":"USD"');
    expect(refusal(body)).toEqual({ kind: 'signature', message: 'notification signature does not verify with the platform public key' });
  });
});

describe('the body itself', () => {
  it('says why a body is not JSON, with the parser\'s reason', () => {
    const { kind, message } = refusal('{"orderNo":"1"');
    expect(kind).toBe('malformed');
    expect(message).toMatch(/^notification body is not a JSON object: invalid JSON: \S/);
  });

  it('says a JSON array is not an object', () => {
    expect(refusal('[1,2]')).toEqual({ kind: 'malformed', message: 'notification body is not a JSON object: expected a JSON object at the top level' });
  });

  it('accepts a body of exactly 64 KB, as text and as bytes', () => {
    const body = signedBodyOfSize(MAX_NOTIFICATION_BYTES);
    expect(verifyNotification(body, platformPublicKey).outcome).toBe('SUCCESS');
    expect(verifyNotification(Buffer.from(body), platformPublicKey).outcome).toBe('SUCCESS');
  });

  it('refuses one byte more, as text and as bytes, saying it is too large', () => {
    const body = signedBodyOfSize(MAX_NOTIFICATION_BYTES + 1);
    const tooLarge = { kind: 'malformed', message: 'notification body is larger than 64 KB' };
    expect(refusal(body)).toEqual(tooLarge);
    expect(refusal(Buffer.from(body))).toEqual(tooLarge);
  });

  it('says bytes that are not UTF-8 are not UTF-8, rather than reading them with replacement characters', () => {
    // Inside a string value: decoded leniently, these would parse and be refused later for another reason.
    const body = Buffer.concat([Buffer.from('{"subject":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","sign":"x"}')]);
    expect(refusal(body)).toEqual({ kind: 'malformed', message: 'notification body is not valid UTF-8' });
  });

  it('tolerates a UTF-8 byte order mark before the JSON (the decoder drops it; it is not a field)', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sign(example))]);
    expect(verifyNotification(body, platformPublicKey).outcome).toBe('SUCCESS');
  });
});

describe('the fields of a genuine notification', () => {
  it('names a required field that is missing or null', () => {
    const { newpayOrderNo: _n, ...rest } = example;
    expect(refusal(sign(rest))).toEqual({ kind: 'malformed', message: 'notification has no newpayOrderNo' });
    expect(refusal(sign({ ...example, orderAmt: null }))).toEqual({ kind: 'malformed', message: 'notification has no orderAmt' });
  });

  it('quotes a transStatus that is neither 0 nor 1', () => {
    expect(refusal(sign({ ...example, transStatus: 2 }))).toEqual({
      kind: 'malformed',
      message: 'transStatus must be 0 (success) or 1 (failure), got "2"',
    });
  });

  it('reads an optional field sent as null as absent', () => {
    const notification = verifyNotification(sign({ ...example, merchantId: null, transInfo: null }), platformPublicKey);
    expect(notification.merchantId).toBeUndefined();
    expect(notification.transInfo).toBeUndefined();
    expect(notification.outcome).toBe('SUCCESS');
  });

  it('refuses free text sent as an object, naming the field', () => {
    expect(refusal(sign({ ...example, subject: { text: 'tea' } }))).toEqual({
      kind: 'malformed',
      message: 'notification field subject must be a string or number',
    });
  });

  it('gives a failure both readings: transStatus 1 and outcome FAILURE', () => {
    const notification = verifyNotification(sign({ ...example, transStatus: 1 }), platformPublicKey);
    expect(notification).toMatchObject({ transStatus: 1, outcome: 'FAILURE' });
  });
});
