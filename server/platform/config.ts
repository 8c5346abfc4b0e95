/**
 * Configuration from environment variables, validated once at cold start. Every problem is collected
 * and reported together, so an operator fixes the configuration in one pass. Values of secrets never
 * appear in messages.
 */
import type { KeyObject } from 'node:crypto';
import type { EnvVersion } from '../../typings/contracts';
import { AmountError, Currency, Money, parseAmount, parseCurrency } from '../../miniprogram/domain/money';
import { KeyFormatError, loadKey, loadKeyFile } from '../newpay/keys';

export interface StoreSettings {
  readonly currency: Currency;
  readonly maxOrderAmount: Money;
  readonly orderTtlMs: number;
  readonly reconcileAfterMs: number;
  /** How long after an order stopped being payable (expired, failed) reconcile still asks NewPay about it. */
  readonly latePaymentWindowMs: number;
}

export interface NewPaySettings {
  readonly appId: string;
  readonly merchantId: string;
  readonly merchantPrivateKey: KeyObject;
  readonly platformPublicKey: KeyObject;
  readonly baseUrl: string;
  readonly notifyUrl: string;
  readonly envVersion: EnvVersion;
  readonly allowTrial: boolean;
  readonly queryPath?: string;
  readonly timeoutMs: number;
}

export interface Config {
  readonly store: StoreSettings;
  readonly newpay?: NewPaySettings;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`configuration is incomplete or invalid:\n- ${problems.join('\n- ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, needs: { newpay: boolean }): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);
  const currency = read.parse('STORE_CURRENCY', (v) => parseCurrency(v), 'LAK or USD');
  const maxText = read.required('MAX_ORDER_AMOUNT');
  let maxOrderAmount: Money | undefined;
  if (currency && maxText !== undefined) {
    try {
      maxOrderAmount = parseAmount(maxText, currency);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
      problems.push(`MAX_ORDER_AMOUNT: ${error.message} (e.g. 5000000 for LAK, 500.00 for USD)`);
    }
  }
  const orderTtlMinutes = read.integer('ORDER_TTL_MINUTES', 30, 1, 24 * 60);
  const reconcileAfterMinutes = read.integer('RECONCILE_AFTER_MINUTES', 10, 0, 24 * 60);
  const latePaymentWindowHours = read.integer('LATE_PAYMENT_WINDOW_HOURS', 72, 0, 30 * 24);

  let newpay: NewPaySettings | undefined;
  if (needs.newpay) {
    const appId = read.required('NEWPAY_APP_ID');
    const merchantId = read.required('NEWPAY_MERCHANT_ID');
    const merchantPrivateKey = read.key('NEWPAY_MERCHANT_PRIVATE_KEY', 'private');
    const platformPublicKey = read.key('NEWPAY_PLATFORM_PUBLIC_KEY', 'public');
    const baseUrl = read.url('NEWPAY_BASE_URL');
    const notifyUrl = read.url('NEWPAY_NOTIFY_URL');
    const envVersion = read.choice('NEWPAY_ENV_VERSION', ['release', 'trial'] as const, 'release');
    const allowTrial = read.choice('NEWPAY_ALLOW_TRIAL', ['true', 'false'] as const, 'false') === 'true';
    const queryPath = env.NEWPAY_QUERY_PATH?.trim() || undefined;
    if (queryPath && !queryPath.startsWith('/')) problems.push('NEWPAY_QUERY_PATH: must start with / (e.g. /api/open/converge/pay/v1/queryOrder)');
    const timeoutMs = read.integer('NEWPAY_TIMEOUT_MS', 5000, 500, 60000);
    if (appId && merchantId && merchantPrivateKey && platformPublicKey && baseUrl && notifyUrl && envVersion && timeoutMs) {
      newpay = { appId, merchantId, merchantPrivateKey, platformPublicKey, baseUrl, notifyUrl, envVersion, allowTrial, queryPath, timeoutMs };
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    store: { currency: currency!, maxOrderAmount: maxOrderAmount!, orderTtlMs: orderTtlMinutes! * 60_000, reconcileAfterMs: reconcileAfterMinutes! * 60_000, latePaymentWindowMs: latePaymentWindowHours! * 3_600_000 },
    newpay,
  };
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  required(name: string): string | undefined {
    const value = this.env[name]?.trim();
    if (!value) this.problems.push(`${name}: missing`);
    return value || undefined;
  }

  parse<T>(name: string, parse: (value: string) => T, expected: string): T | undefined {
    const value = this.required(name);
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch {
      this.problems.push(`${name}: expected ${expected}, got ${JSON.stringify(value)}`);
      return undefined;
    }
  }

  integer(name: string, fallback: number, min: number, max: number): number | undefined {
    const value = this.env[name]?.trim();
    if (!value) return fallback;
    if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return Number(value);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T | undefined {
    const value = this.env[name]?.trim();
    if (!value) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      this.problems.push(`${name}: expected ${choices.join(' or ')}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value as T;
  }

  /** https only, except loopback addresses (the local sandbox). */
  url(name: string): string | undefined {
    const value = this.required(name);
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name}: not a URL: ${JSON.stringify(value)}`);
      return undefined;
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      this.problems.push(`${name}: must be https (http is accepted only for 127.0.0.1/localhost), got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value.replace(/\/+$/, '');
  }

  /** A key from NAME (PEM or base64) or from the file named by NAME_FILE; exactly one of the two. */
  key(name: string, kind: 'private' | 'public'): KeyObject | undefined {
    const value = this.env[name]?.trim();
    const file = this.env[`${name}_FILE`]?.trim();
    if (value && file) {
      this.problems.push(`${name} and ${name}_FILE are both set: keep one`);
      return undefined;
    }
    if (!value && !file) {
      this.problems.push(`${name}: missing (or set ${name}_FILE to a file that holds it)`);
      return undefined;
    }
    try {
      return file ? loadKeyFile(file, kind) : loadKey(value!, kind, name);
    } catch (error) {
      if (!(error instanceof KeyFormatError)) throw error;
      this.problems.push(file ? `${name}_FILE: ${error.message}` : error.message);
      return undefined;
    }
  }
}
