/**
 * Where a function gets its surroundings: in CloudBase, wx-server-sdk (database, logger, WeChat
 * context); locally and in tests, whatever `useRuntime` installed (the embedded store, stdout logs,
 * an identity from a header). The function code that runs is the same either way.
 */
import type { AxiosInstance } from 'axios';
import { randomBytes } from 'node:crypto';
import { NewPayClient } from '../newpay/client';
import type { Caller, Deps } from '../orders/deps';
import type { Store } from '../orders/store';
import { ConfigError, loadConfig } from './config';
import { createLogger, Logger, LogSink } from './logger';

export interface Runtime {
  readonly store: Store;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logSink: LogSink;
  /** The caller's identity from the invocation context (WeChat context in the cloud). */
  readonly identify: (context: unknown) => Partial<Caller>;
  readonly now?: () => number;
  readonly randomBytes?: (size: number) => Uint8Array;
  /** Injected HTTP client for NewPay (tests); axios by default. */
  readonly http?: AxiosInstance;
}

export interface Prepared {
  readonly runtime: Runtime;
  readonly log: Logger;
  readonly deps?: Deps;
  readonly configError?: ConfigError;
}

let installed: (() => Runtime) | undefined;

/** Local host and tests: run functions against this runtime instead of CloudBase. */
export function useRuntime(factory: (() => Runtime) | undefined): void {
  installed = factory;
}

export function currentRuntime(cloud: () => Runtime): Runtime {
  return installed ? installed() : cloud();
}

const prepared = new WeakMap<Runtime, Map<string, Prepared>>();

/** Validates configuration and builds dependencies once per runtime and function (a cold start). */
export function prepare(runtime: Runtime, fn: string, needsNewPay: boolean): Prepared {
  let perFunction = prepared.get(runtime);
  if (!perFunction) prepared.set(runtime, (perFunction = new Map()));
  const existing = perFunction.get(fn);
  if (existing) return existing;
  const log = createLogger(runtime.logSink, { fn });
  let result: Prepared;
  try {
    const config = loadConfig(runtime.env, { newpay: needsNewPay });
    const newpay = config.newpay && {
      settings: config.newpay,
      client: new NewPayClient({
        baseUrl: config.newpay.baseUrl,
        appId: config.newpay.appId,
        merchantId: config.newpay.merchantId,
        merchantPrivateKey: config.newpay.merchantPrivateKey,
        platformPublicKey: config.newpay.platformPublicKey,
        timeoutMs: config.newpay.timeoutMs,
        paths: config.newpay.queryPath ? { queryOrder: config.newpay.queryPath } : undefined,
        http: runtime.http,
      }),
    };
    const deps: Deps = { store: runtime.store, settings: config.store, newpay, log, now: runtime.now ?? Date.now, randomBytes: runtime.randomBytes ?? randomBytes };
    result = { runtime, log, deps };
    log.info({ event: 'cold-start', outcome: 'configured' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error({ event: 'cold-start', outcome: 'MISCONFIGURED', detail: error.problems.join('; ') });
    result = { runtime, log, configError: error };
  }
  perFunction.set(fn, result);
  return result;
}
