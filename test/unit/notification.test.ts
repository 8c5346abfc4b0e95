import { runInNewContext } from 'node:vm';
import { MalformedNotificationError, NotificationSignatureError } from '../../server/newpay/errors';
import { ExactNumber } from '../../server/newpay/exactJson';
import { signTestNotification, verifyNotification } from '../../server/newpay/notification';
import { caught } from '../support/caught';
import { merchantPrivateKey, NEWPAY_CALLBACK_EXAMPLE as example, platformPrivateKey, platformPublicKey } from '../support/fixtures';


const sign = (payload: Record<string, unknown>) => signTestNotification(payload, platformPrivateKey);

const thrown = caught;

describe('signTestNotification', () => {
  it('produces a body shaped exactly like NewPay sends it', () => {
    const body = sign(example);
    expect(body.startsWith('{"orderNo":"202209067002502223","subject":"1",')).toBe(true);
    expect(body).toContain('"extra":"","appId":6,"currency":"LAK","transStatus":0,"timestamp":1663738614280,"sign":"');
  });
});

describe('verifyNotification', () => {
  it('returns the typed notification for a genuine success', () => {
    const notification = verifyNotification(sign(example), platformPublicKey);
    expect(notification).toMatchObject({
      appId: '6',
      orderNo: '202209067002502223',
      newpayOrderNo: '202209210000006950',
      orderAmt: '123.00',
      currency: 'LAK',
      transStatus: 0,
      outcome: 'SUCCESS',
      transInfo: 'Transaction Success',
      extra: '',
      timestamp: '1663738614280',
      signatureReading: 'empty-strings-included',
    });
  });

  it('keeps an 18-digit newpayOrderNo sent as a JSON number exact, as a string', () => {
    const body = sign({ ...example, newpayOrderNo: new ExactNumber('202209210000006950') });
    expect(body).toContain('"newpayOrderNo":202209210000006950');
    expect(verifyNotification(body, platformPublicKey).newpayOrderNo).toBe('202209210000006950');
  });

  it('keeps a LAK amount sent as the number 123.00 as "123.00"', () => {
    const body = sign({ ...example, orderAmt: new ExactNumber('123.00') });
    expect(verifyNotification(body, platformPublicKey).orderAmt).toBe('123.00');
  });

  it('accepts a signature made with the empty extra left out, and reports that reading', () => {
    const { extra: _extra, ...withoutExtra } = example;
    const signedWithout = JSON.parse(sign(withoutExtra)) as Record<string, unknown>;
    const body = sign(example).replace(/"sign":"[^"]+"/, `"sign":"${signedWithout.sign as string}"`);
    expect(verifyNotification(body, platformPublicKey).signatureReading).toBe('empty-strings-omitted');
  });

  it('reads transStatus 1 as a failure (the callback polarity, not the query one)', () => {
    const notification = verifyNotification(sign({ ...example, transStatus: 1, transInfo: 'Insufficient balance' }), platformPublicKey);
    expect(notification.outcome).toBe('FAILURE');
    expect(notification.transInfo).toBe('Insufficient balance');
  });

  it('verifies Lao and Chinese text given as raw UTF-8 bytes', () => {
    const body = sign({ ...example, subject: 'ກາເຟລາວ 老挝咖啡' });
    expect(verifyNotification(Buffer.from(body, 'utf8'), platformPublicKey).subject).toBe('ກາເຟລາວ 老挝咖啡');
  });

  it.each([
    ['the amount', (b: string) => b.replace('"orderAmt":"123.00"', '"orderAmt":"1.00"')],
    ['the outcome', (b: string) => b.replace('"transStatus":0', '"transStatus":1')],
    ['the order', (b: string) => b.replace('"orderNo":"202209067002502223"', '"orderNo":"202209067002502224"')],
    ['a field added', (b: string) => b.replace('{', '{"merchantId":"m1",')],
  ])('rejects a body with %s changed, as a signature error (401)', (_what, tamper) => {
    const error = thrown(() => verifyNotification(tamper(sign(example)), platformPublicKey));
    expect(error).toBeInstanceOf(NotificationSignatureError);
    expect((error as NotificationSignatureError).httpStatus).toBe(401);
  });

  it('rejects a body signed with another key (the merchant key instead of the platform key)', () => {
    const body = signTestNotification(example, merchantPrivateKey);
    expect(thrown(() => verifyNotification(body, platformPublicKey))).toBeInstanceOf(NotificationSignatureError);
  });

  it('rejects a body without sign', () => {
    expect(thrown(() => verifyNotification(JSON.stringify(example), platformPublicKey))).toBeInstanceOf(NotificationSignatureError);
  });

  it.each([
    ['not JSON', 'transStatus=0&orderNo=1'],
    ['a JSON array', '[1,2]'],
    ['truncated JSON', '{"orderNo":"1"'],
    ['duplicate keys with different values', '{"transStatus":0,"transStatus":1,"sign":"x"}'],
  ])('rejects %s as malformed (400)', (_what, body) => {
    const error = thrown(() => verifyNotification(body, platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect((error as MalformedNotificationError).httpStatus).toBe(400);
  });

  it('accepts bytes made in another realm (vm context, test environment)', () => {
    const body = Buffer.from(sign(example), 'utf8');
    const ForeignUint8Array = runInNewContext('Uint8Array') as Uint8ArrayConstructor;
    const foreign = new ForeignUint8Array(body.length);
    foreign.set(body);
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(verifyNotification(foreign, platformPublicKey).outcome).toBe('SUCCESS');
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(thrown(() => verifyNotification(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), platformPublicKey))).toBeInstanceOf(MalformedNotificationError);
  });

  it('refuses a parsed object: its original bytes are gone', () => {
    const error = thrown(() => verifyNotification(JSON.parse(sign(example)), platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect(error.message).toMatch(/raw body/);
  });

  it('refuses a body over 64 KB before parsing it', () => {
    const body = sign({ ...example, subject: 'x'.repeat(70 * 1024) });
    expect(thrown(() => verifyNotification(body, platformPublicKey))).toBeInstanceOf(MalformedNotificationError);
  });

  it.each([
    ['without newpayOrderNo', { newpayOrderNo: undefined }],
    ['with transStatus 2', { transStatus: 2 }],
    ['with an object as amount', { orderAmt: { value: '123.00' } }],
  ])('rejects a genuinely signed body %s as malformed', (_what, change) => {
    const error = thrown(() => verifyNotification(sign({ ...example, ...change }), platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
  });
});

describe('verifyNotification on deeply nested bodies', () => {
  it.each([
    ['objects at the top level', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
    ['arrays inside a field', `{"sign":"x","extra":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`],
    ['objects inside a field', `{"sign":"x","extra":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`],
  ])('answers 5,000 levels of %s as malformed (400), never a stack overflow', (_what, body) => {
    const error = thrown(() => verifyNotification(body, platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect((error as MalformedNotificationError).httpStatus).toBe(400);
    expect(error.message).toMatch(/nested/);
  });

  it('refuses too deep before looking at the signature, and accepts 32 levels (one level is all NewPay uses)', () => {
    const deep = (levels: number) => sign({ ...example, attach: JSON.parse('['.repeat(levels - 1) + '1' + ']'.repeat(levels - 1)) as unknown });
    const body = deep(32);
    expect(verifyNotification(body, platformPublicKey).outcome).toBe('SUCCESS');
    // One more level: the signature no longer matches either, but depth is refused first (400, not 401).
    const tooDeep = body.replace('[1]', '[[1]]');
    expect(thrown(() => verifyNotification(tooDeep, platformPublicKey))).toBeInstanceOf(MalformedNotificationError);
  });
});

describe('verifyNotification field formats (checked after the signature, before anything is used)', () => {
  const malformed = (payload: Record<string, unknown>) => {
    const error = thrown(() => verifyNotification(sign(payload), platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
    return error;
  };

  it('refuses the re-split attack: a genuine callback whose "&extra=" moved into currency still verifies, and is malformed', () => {
    const genuine = sign(example);
    const { extra: _extra, ...rest } = JSON.parse(genuine) as Record<string, unknown>;
    // Same string to sign ("…currency=LAK&extra=&newpayOrderNo=…"), so NewPay's genuine signature still matches.
    const attack = JSON.stringify({ ...rest, currency: 'LAK&extra=' });
    const error = thrown(() => verifyNotification(attack, platformPublicKey));
    expect(error).toBeInstanceOf(MalformedNotificationError);
    expect(error.message).toMatch(/currency/);
  });

  it('refuses a re-split through a key: a field name carrying "=" or "&"', () => {
    const { extra: _extra, currency: _currency, ...rest } = example;
    // "currency=LAK&extra" + "=" + "" gives the same text as currency=LAK and extra= .
    const error = malformed({ ...rest, 'currency=LAK&extra': '', currency: 'LAK' });
    expect(error.message).toMatch(/field name/);
  });

  it.each([
    ['currency', 'LAK&extra='],
    ['currency', 'EUR'],
    ['currency', 'lak'],
    ['currency', ' LAK'],
    ['orderAmt', '123.00&x='],
    ['orderAmt', '1e3'],
    ['orderAmt', '-123'],
    ['orderAmt', '123.001'],
    ['orderAmt', '123.'],
    ['orderAmt', '.5'],
    ['orderAmt', '0123'],
    ['orderAmt', '1 000'],
    ['newpayOrderNo', '2022092100000069a0'],
    ['newpayOrderNo', '202209210000006950&x='],
    ['newpayOrderNo', '-1'],
    ['newpayOrderNo', '1'.repeat(33)],
    ['orderNo', '2022090670025&extra='],
    ['orderNo', 'A-1'],
    ['orderNo', 'A'.repeat(33)],
    ['appId', '6&merchantId=m'],
    ['appId', 'app 1'],
    ['appId', 'app=1'],
    ['merchantId', 'mch&1'],
    ['merchantId', 'mch/1'],
    ['timestamp', '1663738614280&x='],
    ['timestamp', '2022-09-21'],
    ['transStatus', '0&x='],
    ['transStatus', '00'],
  ])('refuses %s %j as malformed', (key, value) => {
    expect(malformed({ ...example, [key]: value }).message).toContain(key);
  });

  it('refuses an empty merchantId or timestamp rather than reading it as an id', () => {
    malformed({ ...example, timestamp: '' });
    malformed({ ...example, merchantId: '' });
  });

  it.each([
    ['orderAmt', '25000'],
    ['orderAmt', '12.5'],
    ['orderAmt', '12.50'],
    ['orderAmt', new ExactNumber('123.00')],
    ['appId', 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4'],
    ['appId', 'app_1-x'],
    ['merchantId', 'mch-1'],
    ['currency', 'USD'],
    ['timestamp', '1663738614280'],
  ])('accepts %s %s', (key, value) => {
    expect(verifyNotification(sign({ ...example, [key]: value }), platformPublicKey).outcome).toBe('SUCCESS');
  });

  it('accepts an absent timestamp and leaves free text nobody acts on as it is', () => {
    const { timestamp: _t, ...rest } = example;
    const free = { subject: 'Tea & Coffee = 2', transInfo: 'a=b&c', extra: 'k=v&w=', payMethod: 'WeChat&Pay', settlementStatus: '1=2' };
    expect(verifyNotification(sign({ ...rest, ...free }), platformPublicKey)).toMatchObject({ ...free, timestamp: undefined, outcome: 'SUCCESS' });
  });
});

describe('signTestNotification', () => {
  it('signs arbitrary field values, so tests can build hostile but genuinely signed bodies', () => {
    const body = sign({ ...example, currency: 'LAK&extra=', orderAmt: new ExactNumber('1e3') });
    expect(body).toContain('"currency":"LAK&extra="');
    expect(body).toContain('"orderAmt":1e3');
    expect(thrown(() => verifyNotification(body, platformPublicKey))).toBeInstanceOf(MalformedNotificationError);
  });
});
