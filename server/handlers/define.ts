/**
 * The three shapes of function: callable (from the mini program), HTTP (payNotify through CloudBase
 * HTTP access) and timer (reconcile). A handler parses, calls one service function, and maps the
 * result; it never decides a business rule.
 */
import type { HttpAccessEvent, HttpAccessResponse } from '../../typings/contracts';
import { AppError } from '../core/errors';
import type { Caller, Deps } from '../orders/deps';
import { StoreError } from '../orders/store';
import { cloudRuntime } from '../platform/cloudbase';
import { currentRuntime, prepare, Prepared } from '../platform/runtime';

export type CloudMain = (event: unknown, context?: unknown) => Promise<unknown>;

export interface FunctionDefinition {
  readonly name: string;
  readonly needsNewPay: boolean;
  readonly handle: (event: unknown, context: unknown, prepared: Prepared) => Promise<unknown>;
}

/** The `main` a cloud function exports. */
export function cloudMain(definition: FunctionDefinition): CloudMain {
  return (event, context) => definition.handle(event, context, prepare(currentRuntime(cloudRuntime), definition.name, definition.needsNewPay));
}

type Success = object;

export function callable(name: string, needsNewPay: boolean, run: (deps: Deps, caller: Caller, event: Record<string, unknown>) => Promise<Success>): FunctionDefinition {
  return {
    name,
    needsNewPay,
    async handle(event, context, { deps, log, runtime, configError }) {
      const started = Date.now();
      if (!deps || configError) return failure(new AppError('MISCONFIGURED', 'the shop is not configured yet; please try later'));
      const { openid, appid } = runtime.identify(context);
      if (!openid) return failure(new AppError('UNAUTHENTICATED', 'call this function from the mini program'));
      try {
        const result = await run(deps, { openid, appid }, isRecord(event) ? event : {});
        log.info({ event: 'call', outcome: 'ok', ms: Date.now() - started });
        return { ok: true, ...result };
      } catch (error) {
        if (error instanceof AppError) {
          log.warn({ event: 'call', outcome: error.code, ms: Date.now() - started, detail: error.message });
          return failure(error);
        }
        log.error({ event: 'call', outcome: 'INTERNAL', ms: Date.now() - started, detail: (error as Error)?.message });
        return failure(new AppError('INTERNAL', 'something went wrong on our side; please try again', error instanceof StoreError));
      }
    },
  };
}

export function http(name: string, needsNewPay: boolean, run: (deps: Deps, event: HttpAccessEvent) => Promise<HttpAccessResponse>): FunctionDefinition {
  return {
    name,
    needsNewPay,
    async handle(event, _context, { deps, log }) {
      if (!deps) return jsonResponse(503, { transResult: 'FAIL', reason: 'not configured' });
      if (!isRecord(event) || typeof event.httpMethod !== 'string') {
        log.warn({ event: 'http', outcome: 'NOT_HTTP', detail: 'invoked without an HTTP access event' });
        return jsonResponse(400, { transResult: 'FAIL', reason: 'not an HTTP request' });
      }
      try {
        return await run(deps, event as unknown as HttpAccessEvent);
      } catch (error) {
        log.error({ event: 'http', outcome: 'INTERNAL', detail: (error as Error)?.message });
        return jsonResponse(500, { transResult: 'FAIL' });
      }
    },
  };
}

/**
 * A function only its CloudBase timer trigger may run. A deployed function is callable from the mini
 * program too, so anyone could otherwise make it run (reconcile: NewPay query load) as often as they
 * like. The trigger invokes it with {"Type":"Timer",…} and a context without a user; anything else,
 * a user sending that same event included, is refused before any work.
 */
export function timer(name: string, needsNewPay: boolean, run: (deps: Deps) => Promise<Success>): FunctionDefinition {
  return {
    name,
    needsNewPay,
    async handle(event, context, { deps, log, runtime }) {
      const refusal = timerRefusal(event, runtime.identify(context).openid);
      if (refusal) {
        log.warn({ event: 'call', outcome: 'FORBIDDEN', detail: refusal });
        return failure(new AppError('FORBIDDEN', `${name} runs only from its timer trigger`));
      }
      if (!deps) return failure(new AppError('MISCONFIGURED', 'not configured'));
      const started = Date.now();
      try {
        return { ok: true, ...(await run(deps)) };
      } catch (error) {
        // A failed run is retried by the next tick; it must leave a line for the operator, not a crash.
        log.error({ event: 'call', outcome: 'INTERNAL', ms: Date.now() - started, detail: (error as Error)?.message });
        return failure(new AppError('INTERNAL', `${name} did not finish; the next run tries again`, error instanceof StoreError));
      }
    },
  };
}

/** Why an invocation is not CloudBase's timer trigger, or undefined when it is. */
function timerRefusal(event: unknown, openid: string | undefined): string | undefined {
  if (openid) return 'called by a mini program user';
  if (!isRecord(event) || event.Type !== 'Timer') return 'not a timer event';
  return undefined;
}

export function jsonResponse(statusCode: number, body: unknown): HttpAccessResponse {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function failure(error: AppError) {
  return { ok: false as const, error: error.toBody() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
