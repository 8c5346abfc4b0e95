/**
 * Money as NewPay writes it: a decimal string per currency, held here as an integer count of minor
 * units (LAK has none, USD has cents). Parsing works on the digits as text, so no amount ever passes
 * through floating point; every integer stays within Number's exact range or the operation throws.
 *
 * This file is pure and lives under miniprogram/ so the mini program and the cloud functions share
 * one definition of what an amount is.
 */

export type Currency = 'LAK' | 'USD';

export const CURRENCIES: readonly Currency[] = ['LAK', 'USD'];

/** Decimal places NewPay accepts per currency: "USD supports 2 decimal places, while LAK is an integer". */
export const MINOR_DIGITS: Readonly<Record<Currency, number>> = { LAK: 0, USD: 2 };

export interface Money {
  /** Integer number of minor units (kip for LAK, cents for USD). */
  readonly minor: number;
  readonly currency: Currency;
}

export type AmountProblem =
  | 'NOT_A_STRING'
  | 'EMPTY'
  | 'MALFORMED'
  | 'TOO_MANY_DECIMALS'
  | 'NOT_POSITIVE'
  | 'ABOVE_MAXIMUM'
  | 'TOO_LARGE'
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH';

export class AmountError extends Error {
  readonly code = 'INVALID_AMOUNT';
  constructor(
    readonly problem: AmountProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AmountError';
  }
}

export function isCurrency(value: unknown): value is Currency {
  return value === 'LAK' || value === 'USD';
}

export function parseCurrency(value: unknown): Currency {
  if (isCurrency(value)) return value;
  throw new AmountError('UNKNOWN_CURRENCY', `unknown currency ${JSON.stringify(value)}: expected LAK or USD`);
}

export interface ParseAmountOptions {
  /**
   * Accept surplus decimal places when they are all zeros, e.g. LAK "123.00". NewPay writes LAK that way
   * in its answers and callbacks although it rejects it in requests, so this is for amounts we receive.
   */
  readonly acceptTrailingZeros?: boolean;
  /** Upper bound, inclusive, in the same currency. */
  readonly max?: Money;
}

/** Plain decimal digits with an optional fraction: no sign, exponent, spaces, separators or leading dot. */
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
/** 15 digits always fit in a double exactly, whatever they are. */
const MAX_SIGNIFICANT_DIGITS = 15;

/**
 * Parses a positive amount such as "25000" (LAK) or "12.50" (USD) into minor units.
 * Zero, negatives, exponent notation, junk, too many decimals and amounts above `max` are rejected.
 */
export function parseAmount(text: unknown, currency: Currency, options: ParseAmountOptions = {}): Money {
  if (typeof text !== 'string') {
    throw new AmountError('NOT_A_STRING', `amount must be a decimal string, got ${typeof text}`);
  }
  if (text === '') throw new AmountError('EMPTY', 'amount is empty');
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new AmountError('MALFORMED', `amount ${JSON.stringify(text)} is not a plain decimal number like "25000" or "12.50"`);
  }
  const whole = match[1]!;
  let fraction = match[2] ?? '';
  const digits = MINOR_DIGITS[currency];
  if (fraction.length > digits) {
    const surplus = fraction.slice(digits);
    if (!options.acceptTrailingZeros || /[^0]/.test(surplus)) {
      throw new AmountError(
        'TOO_MANY_DECIMALS',
        digits === 0
          ? `${currency} amounts are whole numbers; got ${JSON.stringify(text)}`
          : `${currency} amounts have at most ${digits} decimal places; got ${JSON.stringify(text)}`,
      );
    }
    fraction = fraction.slice(0, digits);
  }
  // DECIMAL allows no leading zeros, so only "0.xx" starts with 0: three digits, far below the limit.
  const minorDigits = whole + fraction.padEnd(digits, '0');
  if (minorDigits.length > MAX_SIGNIFICANT_DIGITS) {
    throw new AmountError('TOO_LARGE', `amount ${JSON.stringify(text)} is too large`);
  }
  const minor = Number(minorDigits); // an integer of at most 15 digits: exact
  if (minor <= 0) throw new AmountError('NOT_POSITIVE', `amount must be greater than zero; got ${JSON.stringify(text)}`);
  const money: Money = { minor, currency };
  if (options.max) {
    assertSameCurrency(money, options.max);
    if (minor > options.max.minor) {
      throw new AmountError('ABOVE_MAXIMUM', `amount ${formatAmount(money)} ${currency} is above the maximum of ${formatAmount(options.max)} ${currency}`);
    }
  }
  return money;
}

/** The NewPay form of an amount: "25000" for LAK, "12.50" for USD. */
export function formatAmount(money: Money): string {
  assertMinor(money.minor);
  const digits = MINOR_DIGITS[money.currency];
  if (digits === 0) return String(money.minor);
  const text = String(money.minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}

/** Price times quantity, exact or an error; never a rounded result. */
export function multiplyMoney(price: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a non-negative integer, got ${quantity}`);
  const minor = price.minor * quantity;
  assertMinor(minor);
  return { minor, currency: price.currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  const minor = a.minor + b.minor;
  assertMinor(minor);
  return { minor, currency: a.currency };
}

export function zeroMoney(currency: Currency): Money {
  return { minor: 0, currency };
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new AmountError('CURRENCY_MISMATCH', `cannot combine ${a.currency} with ${b.currency}`);
  }
}

function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw new AmountError('TOO_LARGE', `amount out of exact range: ${minor}`);
  }
}

const SYMBOLS: Readonly<Record<Currency, string>> = { LAK: '₭', USD: '$' };

/** How a person reads an amount: "₭25,000", "$12.50". */
export function displayMoney(money: Money): string {
  const [whole, fraction] = formatAmount(money).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${SYMBOLS[money.currency]}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
