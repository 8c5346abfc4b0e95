/**
 * RSA key loading for NewPay. Providers hand out keys in every shape (PKCS#8, PKCS#1, SPKI, bare base64
 * DER from Java tooling, PEM pasted into an environment variable with literal "\n"), so this accepts all
 * of them, and otherwise fails at once with a message that names what it expected. Messages never
 * contain key material.
 */
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type KeyKind = 'private' | 'public';

export class KeyFormatError extends Error {
  readonly code = 'KEY_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

const EXPECTED: Record<KeyKind, string> = {
  private: "an RSA private key as PEM ('BEGIN PRIVATE KEY' PKCS#8 or 'BEGIN RSA PRIVATE KEY' PKCS#1) or header-less base64 DER",
  public: "an RSA public key as PEM ('BEGIN PUBLIC KEY' SPKI or 'BEGIN RSA PUBLIC KEY' PKCS#1) or header-less base64 DER",
};

const PEM_LABELS: Record<KeyKind, Record<string, 'pkcs8' | 'pkcs1' | 'spki'>> = {
  private: { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1' },
  public: { 'PUBLIC KEY': 'spki', 'RSA PUBLIC KEY': 'pkcs1' },
};

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Loads the merchant's private key (signs requests) from its text. `name` labels error messages. */
export function loadPrivateKey(text: string, name = 'private key'): KeyObject {
  return loadKey(text, 'private', name);
}

/** Loads NewPay's platform public key (verifies answers and callbacks) from its text. */
export function loadPublicKey(text: string, name = 'public key'): KeyObject {
  return loadKey(text, 'public', name);
}

/** Reads a key file and loads it; the error names the file, never its content. */
export function loadKeyFile(path: string, kind: KeyKind): KeyObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeyFormatError(`cannot read ${kind} key file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return loadKey(text, kind, `${kind} key file ${path}`);
}

export function loadKey(text: string, kind: KeyKind, name: string): KeyObject {
  if (typeof text !== 'string' || text.trim() === '') throw new KeyFormatError(`${name} is empty: expected ${EXPECTED[kind]}`);
  // Environment variables often carry PEM with literal backslash-n and surrounding quotes.
  const normalised = text.trim().replace(/^(["'])([\s\S]*)\1$/, '$2').replace(/\\r/g, '').replace(/\\n/g, '\n');
  const key = normalised.includes('-----BEGIN') ? fromPem(normalised, kind, name) : fromBareBase64(normalised, kind, name);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyFormatError(`${name} is a ${key.asymmetricKeyType} key: expected ${EXPECTED[kind]}`);
  }
  return key;
}

function fromPem(text: string, kind: KeyKind, name: string): KeyObject {
  const block = PEM_BLOCK.exec(text);
  if (!block) throw new KeyFormatError(`${name} has a PEM header without a matching footer: expected ${EXPECTED[kind]}`);
  const label = block[1]!;
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block[2]!)) {
    throw new KeyFormatError(`${name} is encrypted with a passphrase: expected ${EXPECTED[kind]} (decrypt it with 'openssl pkey')`);
  }
  const type = PEM_LABELS[kind][label];
  if (!type) {
    const other: KeyKind = kind === 'private' ? 'public' : 'private';
    const hint = PEM_LABELS[other][label] ? ` (that is a ${other} key)` : '';
    throw new KeyFormatError(`${name} is PEM labelled '${label}'${hint}: expected ${EXPECTED[kind]}`);
  }
  try {
    return kind === 'private' ? createPrivateKey({ key: block[0], format: 'pem' }) : createPublicKey({ key: block[0], format: 'pem' });
  } catch {
    throw new KeyFormatError(`${name} is PEM labelled '${label}' but its content is not a valid ${type.toUpperCase()} key: expected ${EXPECTED[kind]}`);
  }
}

function fromBareBase64(text: string, kind: KeyKind, name: string): KeyObject {
  const compact = text.replace(/\s/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    throw new KeyFormatError(`${name} is neither PEM nor base64: expected ${EXPECTED[kind]}`);
  }
  const der = Buffer.from(compact, 'base64');
  if (kind === 'public' && looksLikeOtherKind(der, kind)) {
    // createPublicKey takes private key DER too and derives the public half: a secret in a public setting.
    throw new KeyFormatError(`${name} is base64 of an RSA private key, not a public key: expected ${EXPECTED[kind]}`);
  }
  // Stryker disable next-line ConditionalExpression: OpenSSL 3 also reads PKCS#8 DER under type 'pkcs1', so a private key loads through either list
  const types = kind === 'private' ? (['pkcs8', 'pkcs1'] as const) : (['spki', 'pkcs1'] as const);
  for (const type of types) {
    try {
      return kind === 'private'
        ? createPrivateKey({ key: der, format: 'der', type: type as 'pkcs8' | 'pkcs1' })
        : createPublicKey({ key: der, format: 'der', type: type as 'spki' | 'pkcs1' });
    } catch {
      // try the next encoding
    }
  }
  // Only a private setting gets here holding the other kind: a public one holding a private key was refused above.
  const hint = looksLikeOtherKind(der, kind) ? ' (it decodes as a public key)' : '';
  throw new KeyFormatError(`${name} is base64 but not a DER-encoded RSA ${kind} key${hint}: expected ${EXPECTED[kind]}`);
}

function looksLikeOtherKind(der: Buffer, kind: KeyKind): boolean {
  const attempts =
    kind === 'private'
      ? [() => createPublicKey({ key: der, format: 'der', type: 'spki' }), () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' })]
      : [() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })];
  return attempts.some((attempt) => {
    try {
      attempt();
    } catch {
      return false;
    }
    return true;
  });
}
