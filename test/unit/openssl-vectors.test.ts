/**
 * Known answers from the openssl command line: the string to sign matches the hand-written one, our
 * signature is byte-identical to openssl's (PKCS#1 v1.5 is deterministic), we accept openssl's
 * signatures, and openssl accepts ours.
 */
import { canonicalString } from '../../server/newpay/canonical';
import { parseExactObject, stringifyExact } from '../../server/newpay/exactJson';
import { signFields, verifyFields } from '../../server/newpay/signature';
import { keyPath, merchantPrivateKey, merchantPublicKey, opensslVerifies, platformPublicKey, vectors } from '../support/fixtures';

const all = vectors();
const reading = (name: string) => (name === 'callback-empty-omitted' ? 'omit' : 'include');

test('there are vectors to check', () => {
  expect(all.length).toBeGreaterThanOrEqual(9);
});

describe.each(all.map((v) => [v.name, v] as const))('vector %s', (name, vector) => {
  const object = parseExactObject(vector.json);

  it('builds the same string to sign as written by hand', () => {
    expect(canonicalString(object, reading(name))).toBe(vector.canonical);
  });

  it("signs to exactly openssl's signature", () => {
    expect(signFields(object, merchantPrivateKey, reading(name))).toBe(vector.signature);
  });

  it("accepts openssl's signature on the object as received", () => {
    const signed = parseExactObject(stringifyExact({ ...object, sign: vector.signature }));
    expect(verifyFields(signed, merchantPublicKey)).not.toBeNull();
  });

  it('is accepted by openssl when we sign', () => {
    const ours = signFields(object, merchantPrivateKey, reading(name));
    expect(opensslVerifies(vector.canonical, ours, keyPath('merchant_public_spki.pem'))).toBe(true);
  });

  it('is rejected with the wrong public key', () => {
    const signed = parseExactObject(stringifyExact({ ...object, sign: vector.signature }));
    expect(verifyFields(signed, platformPublicKey)).toBeNull();
  });
});

test('openssl itself rejects a signature over a different string (the check can fail)', () => {
  const [vector] = all;
  expect(opensslVerifies(`${vector!.canonical}x`, vector!.signature, keyPath('merchant_public_spki.pem'))).toBe(false);
});
