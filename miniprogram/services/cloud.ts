/**
 * The one door to the cloud functions: typed by the shared contract, and a failed call (no network,
 * function crashed) comes back as a retryable NETWORK error instead of a rejection, so every page
 * handles one shape.
 */
import type { EventOf, FunctionName, ResultOf } from '../../typings/contracts';

export interface NetworkFailure {
  readonly ok: false;
  readonly error: { readonly code: 'NETWORK'; readonly message: string; readonly retryable: true };
}

export type CallResult<N extends FunctionName> = ResultOf<N> | NetworkFailure;

export async function callFunction<N extends FunctionName>(name: N, event: EventOf<N>): Promise<CallResult<N>> {
  try {
    const { result } = await wx.cloud.callFunction({ name, data: event as WechatMiniprogram.IAnyObject });
    if (typeof result === 'object' && result !== null && 'ok' in result) return result as unknown as ResultOf<N>;
    return networkFailure();
  } catch {
    return networkFailure();
  }
}

function networkFailure(): NetworkFailure {
  return { ok: false, error: { code: 'NETWORK', message: 'network', retryable: true } };
}
