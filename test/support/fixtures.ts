/** Test-only keys and openssl vectors checked in under test/fixtures. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPrivateKey, loadPublicKey } from '../../server/newpay/keys';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const keyPath = (file: string): string => join(FIXTURES, 'keys', file);
export const keyText = (file: string): string => readFileSync(keyPath(file), 'utf8');

export const merchantPrivateKey = loadPrivateKey(keyText('merchant_private_pkcs8.pem'));
export const merchantPublicKey = loadPublicKey(keyText('merchant_public_spki.pem'));
export const platformPrivateKey = loadPrivateKey(keyText('platform_private.pem'));
export const platformPublicKey = loadPublicKey(keyText('platform_public.pem'));

export interface Vector {
  readonly name: string;
  readonly json: string;
  /** The string to sign, written by hand. */
  readonly canonical: string;
  /** openssl's base64 signature over `canonical` with the merchant key. */
  readonly signature: string;
}

export function vectors(): Vector[] {
  const dir = join(FIXTURES, 'vectors');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.canonical'))
    .map((f) => f.replace(/\.canonical$/, ''))
    .map((name) => ({
      name,
      json: readFileSync(join(dir, `${name}.json`), 'utf8'),
      canonical: readFileSync(join(dir, `${name}.canonical`), 'utf8'),
      signature: readFileSync(join(dir, `${name}.sig`), 'utf8').trim(),
    }));
}

/** Asks the openssl command line whether `signature` (base64) is valid for `text` under a public key file. */
export function opensslVerifies(text: string, signature: string, publicKeyFile: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'np-openssl-'));
  writeFileSync(join(dir, 'data'), text, 'utf8');
  writeFileSync(join(dir, 'sig'), Buffer.from(signature, 'base64'));
  const run = spawnSync('openssl', ['dgst', '-sha256', '-verify', publicKeyFile, '-signature', join(dir, 'sig'), join(dir, 'data')], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0 && run.stdout.includes('Verified OK');
}

/** openssl's base64 signature over `text` with a private key file. */
export function opensslSign(text: string, privateKeyFile: string): string {
  const run = spawnSync('openssl', ['dgst', '-sha256', '-sign', privateKeyFile], { input: Buffer.from(text, 'utf8') });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr.toString()}`);
  return run.stdout.toString('base64');
}

/** NewPay's documented callback example (newpay.md §6.1), field for field. */
export const NEWPAY_CALLBACK_EXAMPLE = {
  orderNo: '202209067002502223',
  subject: '1',
  transInfo: 'Transaction Success',
  orderAmt: '123.00',
  newpayOrderNo: '202209210000006950',
  settlementStatus: 1,
  payMethod: 1,
  extra: '',
  appId: 6,
  currency: 'LAK',
  transStatus: 0,
  timestamp: 1663738614280,
} as const;
