import { parseExactObject, stringifyExact } from '../../server/newpay/exactJson';
import { signFields, signString, verifyFields, verifyString } from '../../server/newpay/signature';
import { merchantPrivateKey, merchantPublicKey, platformPublicKey } from '../support/fixtures';

const callback = '{"orderNo":"202209067002502223","subject":"1","transInfo":"Transaction Success","orderAmt":"123.00","newpayOrderNo":"202209210000006950","settlementStatus":1,"payMethod":1,"extra":"","appId":6,"currency":"LAK","transStatus":0,"timestamp":1663738614280}';

function signedBody(json: string, reading: 'include' | 'omit' = 'include'): string {
  const object = parseExactObject(json);
  return stringifyExact({ ...object, sign: signFields(object, merchantPrivateKey, reading) });
}

describe('verifyFields', () => {
  it('accepts a signature made with empty strings included, and says so', () => {
    expect(verifyFields(parseExactObject(signedBody(callback, 'include')), merchantPublicKey)).toBe('empty-strings-included');
  });

  it('accepts a signature made with empty strings omitted, and says so', () => {
    expect(verifyFields(parseExactObject(signedBody(callback, 'omit')), merchantPublicKey)).toBe('empty-strings-omitted');
  });

  it('reports no-empty-fields when the readings cannot differ', () => {
    expect(verifyFields(parseExactObject(signedBody('{"a":"1"}')), merchantPublicKey)).toBe('no-empty-fields');
  });

  it.each([
    ['orderAmt', '"123.00"', '"124.00"'],
    ['newpayOrderNo', '"202209210000006950"', '"202209210000006951"'],
    ['appId', '"appId":6', '"appId":7'],
    ['extra', '"extra":""', '"extra":"x"'],
    ['transStatus', '"transStatus":0', '"transStatus":1'],
  ])('rejects a body whose %s was changed after signing', (_field, from, to) => {
    const tampered = signedBody(callback).replace(from, to);
    expect(tampered).not.toBe(signedBody(callback));
    expect(verifyFields(parseExactObject(tampered), merchantPublicKey)).toBeNull();
  });

  it('treats "123.00" and 123.00 alike: NewPay signs the text of a value, not its JSON type', () => {
    const asNumber = signedBody(callback).replace('"orderAmt":"123.00"', '"orderAmt":123.00');
    expect(verifyFields(parseExactObject(asNumber), merchantPublicKey)).toBe('empty-strings-included');
  });

  it('rejects a body re-serialised through JSON.parse (numbers lose their form)', () => {
    const body = signedBody('{"orderAmt":123.00,"b":"x"}');
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(verifyFields(parseExactObject(reserialised), merchantPublicKey)).toBeNull();
    expect(verifyFields(parseExactObject(body), merchantPublicKey)).not.toBeNull();
  });

  it('rejects the right signature under the wrong key', () => {
    expect(verifyFields(parseExactObject(signedBody(callback)), platformPublicKey)).toBeNull();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64', '!!!not-base64!!!'],
    ['truncated', 'QUJD'],
    ['a number', 12345],
  ])('rejects a sign that is %s', (_what, sign) => {
    const object = { ...parseExactObject('{"a":"1"}'), sign } as Record<string, unknown>;
    expect(verifyFields(object, merchantPublicKey)).toBeNull();
  });

  it('tolerates a base64 signature wrapped over several lines', () => {
    const signature = signString('a=1', merchantPrivateKey);
    const wrapped = signature.replace(/(.{64})/g, '$1\n');
    expect(verifyString('a=1', wrapped, merchantPublicKey)).toBe(true);
  });
});
