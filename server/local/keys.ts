/**
 * Local key pairs: the merchant pair (functions sign, sandbox verifies) and the sandbox's platform
 * pair (sandbox signs, functions verify), generated once into $DATA_DIR/keys and reused after.
 */
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPrivateKey, loadPublicKey } from '../newpay/keys';

export interface LocalKeys {
  readonly dir: string;
  readonly merchantPrivateFile: string;
  readonly platformPublicFile: string;
  readonly merchantPrivateKey: KeyObject;
  readonly merchantPublicKey: KeyObject;
  readonly platformPrivateKey: KeyObject;
  readonly platformPublicKey: KeyObject;
  readonly generated: boolean;
}

export function ensureLocalKeys(dataDir: string): LocalKeys {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true });
  let generated = false;
  for (const who of ['merchant', 'platform']) {
    const privateFile = join(dir, `${who}_private.pem`);
    const publicFile = join(dir, `${who}_public.pem`);
    if (existsSync(privateFile) && existsSync(publicFile)) continue;
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(privateFile, pair.privateKey, { mode: 0o600 });
    writeFileSync(publicFile, pair.publicKey);
    generated = true;
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    merchantPrivateFile: join(dir, 'merchant_private.pem'),
    platformPublicFile: join(dir, 'platform_public.pem'),
    merchantPrivateKey: loadPrivateKey(read('merchant_private.pem'), 'merchant_private.pem'),
    merchantPublicKey: loadPublicKey(read('merchant_public.pem'), 'merchant_public.pem'),
    platformPrivateKey: loadPrivateKey(read('platform_private.pem'), 'platform_private.pem'),
    platformPublicKey: loadPublicKey(read('platform_public.pem'), 'platform_public.pem'),
    generated,
  };
}
