import { KeyObject } from 'node:crypto';
import { KeyFormatError, loadKeyFile, loadPrivateKey, loadPublicKey } from '../../server/newpay/keys';
import { signString, verifyString } from '../../server/newpay/signature';
import { caught } from '../support/caught';
import { keyPath, keyText } from '../support/fixtures';

function roundTrip(privateKey: KeyObject, publicKey: KeyObject): boolean {
  return verifyString('appId=6&orderAmt=123.00', signString('appId=6&orderAmt=123.00', privateKey), publicKey);
}

function failure(fn: () => unknown): string {
  const error = caught(fn);
  expect(error).toBeInstanceOf(KeyFormatError);
  return error.message;
}

const privateForms = {
  'PEM PKCS#8': keyText('merchant_private_pkcs8.pem'),
  'PEM PKCS#1': keyText('merchant_private_pkcs1.pem'),
  'header-less base64 PKCS#8 DER': keyText('merchant_private_pkcs8.b64'),
  'PEM in an env var with literal \\n': JSON.stringify(keyText('merchant_private_pkcs8.pem')).slice(1, -1),
  'PEM in quotes': `"${keyText('merchant_private_pkcs1.pem')}"`,
  'base64 wrapped at 64 columns': keyText('merchant_private_pkcs8.b64').replace(/(.{64})/g, '$1\n'),
};
const publicForms = {
  'PEM SPKI': keyText('merchant_public_spki.pem'),
  'PEM PKCS#1': keyText('merchant_public_pkcs1.pem'),
  'header-less base64 SPKI DER': keyText('merchant_public_spki.b64'),
};

describe('key loading', () => {
  const reference = loadPublicKey(publicForms['PEM SPKI']);

  it.each(Object.entries(privateForms))('loads a private key given as %s', (_form, text) => {
    expect(roundTrip(loadPrivateKey(text), reference)).toBe(true);
  });

  it.each(Object.entries(publicForms))('loads a public key given as %s', (_form, text) => {
    expect(roundTrip(loadPrivateKey(privateForms['PEM PKCS#8']), loadPublicKey(text))).toBe(true);
  });

  it('loads from a file', () => {
    expect(roundTrip(loadKeyFile(keyPath('merchant_private_pkcs1.pem'), 'private'), loadKeyFile(keyPath('merchant_public_pkcs1.pem'), 'public'))).toBe(true);
  });

  it('names the expected format when given a public key where a private one belongs, and vice versa', () => {
    expect(failure(() => loadPrivateKey(publicForms['PEM SPKI'], 'NEWPAY_MERCHANT_PRIVATE_KEY'))).toMatch(
      /^NEWPAY_MERCHANT_PRIVATE_KEY is PEM labelled 'PUBLIC KEY' \(that is a public key\): expected an RSA private key as PEM \('BEGIN PRIVATE KEY' PKCS#8/,
    );
    expect(failure(() => loadPublicKey(privateForms['PEM PKCS#1']))).toMatch(/'RSA PRIVATE KEY' \(that is a private key\): expected an RSA public key/);
    expect(failure(() => loadPrivateKey(publicForms['header-less base64 SPKI DER']))).toMatch(/not a DER-encoded RSA private key \(it decodes as a public key\)/);
  });

  it.each([
    ['PKCS#8', privateForms['header-less base64 PKCS#8 DER']],
    ['PKCS#1', keyText('merchant_private_pkcs1.pem').replace(/-----[A-Z ]+-----/g, '')],
  ])('refuses a header-less base64 %s private key where the public key belongs (Node would quietly derive one from it)', (_form, text) => {
    expect(failure(() => loadPublicKey(text, 'NEWPAY_PLATFORM_PUBLIC_KEY'))).toMatch(/^NEWPAY_PLATFORM_PUBLIC_KEY is base64 of an RSA private key, not a public key: expected an RSA public key/);
  });

  it.each([
    ['empty', '', /is empty/],
    ['junk', 'hello world', /neither PEM nor base64/],
    ['base64 that is no key', Buffer.from('not a key at all').toString('base64'), /base64 but not a DER-encoded RSA private key: expected/],
    ['a certificate request', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----', /PEM labelled 'CERTIFICATE REQUEST'/],
    ['a header without footer', '-----BEGIN PRIVATE KEY-----\nAAAA', /without a matching footer/],
    ['a corrupt body', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /content is not a valid PKCS8 key/],
    ['an encrypted key', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----', /encrypted with a passphrase/],
  ])('refuses %s as a private key', (_what, text, message) => {
    expect(failure(() => loadPrivateKey(text))).toMatch(message);
  });

  it('removes quotes only when they wrap the whole value', () => {
    const bare = keyText('merchant_private_pkcs8.b64').trim();
    expect(roundTrip(loadPrivateKey(`'${bare}'`), reference)).toBe(true);
    expect(failure(() => loadPrivateKey(`"${bare}"AAAA`))).toMatch(/neither PEM nor base64/);
    expect(failure(() => loadPrivateKey(`AAAA"${bare}"`))).toMatch(/neither PEM nor base64/);
  });

  it('refuses a key that is not RSA', () => {
    expect(failure(() => loadPrivateKey(keyText('ec_private.pem')))).toMatch(/is a ec key: expected an RSA private key/);
  });

  it('names a missing file and never prints key material', () => {
    expect(failure(() => loadKeyFile('/nonexistent/key.pem', 'private'))).toBe('cannot read private key file /nonexistent/key.pem: ENOENT');
    const secretLine = privateForms['PEM PKCS#8'].split('\n')[1]!;
    const message = failure(() => loadPublicKey(privateForms['PEM PKCS#8']));
    expect(message).not.toContain(secretLine.slice(0, 20));
  });
});
