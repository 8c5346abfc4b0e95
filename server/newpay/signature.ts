/**
 * SHA256withRSA (RSASSA-PKCS1-v1_5, as Java names it) over the canonical string, base64 encoded.
 * Byte-identical to `openssl dgst -sha256 -sign key.pem | base64 -w0` over the same string.
 */
import { KeyObject, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { canonicalString, EmptyStringRule, hasEmptyStringField } from './canonical';

/** Which reading of NewPay's empty-string rule a valid signature was made over. */
export type SignatureReading = 'no-empty-fields' | 'empty-strings-included' | 'empty-strings-omitted';

export function signString(text: string, privateKey: KeyObject): string {
  return rsaSign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

export function verifyString(text: string, signature: string, publicKey: KeyObject): boolean {
  const bytes = decodeSignature(signature);
  if (!bytes) return false;
  return rsaVerify('sha256', Buffer.from(text, 'utf8'), publicKey, bytes);
}

/** Signs an object's canonical string. `sign`, if present, is ignored. */
export function signFields(fields: Readonly<Record<string, unknown>>, privateKey: KeyObject, emptyStrings: EmptyStringRule = 'include'): string {
  return signString(canonicalString(fields, emptyStrings), privateKey);
}

/**
 * Checks the object's `sign` against its other fields under both readings of the empty-string rule.
 * Returns the reading that matched, or null when neither did (or when `sign` is missing).
 */
export function verifyFields(fields: Readonly<Record<string, unknown>>, publicKey: KeyObject): SignatureReading | null {
  const signature = fields.sign;
  if (typeof signature !== 'string') return null; // an empty one fails decodeSignature's pattern
  if (!hasEmptyStringField(fields)) {
    return verifyString(canonicalString(fields), signature, publicKey) ? 'no-empty-fields' : null;
  }
  if (verifyString(canonicalString(fields, 'include'), signature, publicKey)) return 'empty-strings-included';
  if (verifyString(canonicalString(fields, 'omit'), signature, publicKey)) return 'empty-strings-omitted';
  return null;
}

/** Standard base64 only; line breaks are tolerated because some tools wrap long values. */
function decodeSignature(signature: string): Buffer | null {
  const compact = signature.replace(/[\r\n ]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}
