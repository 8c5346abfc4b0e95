/**
 * Merchant order numbers: 17 digits of UTC time to the millisecond, then 12 random characters.
 * 29 characters of [0-9A-Z], inside NewPay's safe range (at most 32 of [A-Za-z0-9], newpay.md §8);
 * numbers sort by creation time, and two instances creating orders in the same millisecond collide
 * with probability 36^-12. A collision is still caught by the store's unique index and NewPay's Z01028.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const RANDOM_CHARS = 12;

export const ORDER_NO_PATTERN = /^[A-Za-z0-9]{1,32}$/;

export function newOrderNo(now: Date, randomBytes: (size: number) => Uint8Array): string {
  const t = now.toISOString(); // 2026-11-21T23:36:32.123Z
  const stamp = t.slice(0, 4) + t.slice(5, 7) + t.slice(8, 10) + t.slice(11, 13) + t.slice(14, 16) + t.slice(17, 19) + t.slice(20, 23);
  let suffix = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 36).
  while (suffix.length < RANDOM_CHARS) {
    for (const byte of randomBytes(RANDOM_CHARS * 2)) {
      if (byte < 252 && suffix.length < RANDOM_CHARS) suffix += ALPHABET[byte % 36];
    }
  }
  return stamp + suffix;
}

export function isValidOrderNo(value: unknown): value is string {
  return typeof value === 'string' && ORDER_NO_PATTERN.test(value);
}
