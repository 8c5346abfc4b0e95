/**
 * Turns NewPay's payUrl into what the mini program does. Decided on the server because every mini
 * program release waits for WeChat review, while NewPay's payUrl format is not documented (newpay.md §3):
 * - plaintext scheme weixin://dl/business/?appid=…&path=…&query=…&env_version=… →
 *   navigate to that mini program, or pay in our own mini program when the appid is ours;
 * - anything else (encrypted `?t=` scheme, URL link, https page) → external: show and copy the link.
 */
import type { EnvVersion, Launch } from '../../typings/contracts';

export interface LaunchContext {
  readonly orderNo: string;
  readonly envVersion: EnvVersion;
  /** Our own mini program's AppID, when known (APPID of the WeChat context). */
  readonly ownAppId?: string;
}

const PLAINTEXT_SCHEME = /^weixin:\/\/dl\/business\/?\?/;

export function decideLaunch(payUrl: string, context: LaunchContext): Launch {
  if (!PLAINTEXT_SCHEME.test(payUrl)) return { kind: 'external', url: payUrl };
  const params = new URLSearchParams(payUrl.slice(payUrl.indexOf('?') + 1));
  const appId = params.get('appid');
  const path = params.get('path');
  if (!appId || !path) return { kind: 'external', url: payUrl };
  if (context.ownAppId && appId === context.ownAppId) return { kind: 'inApp', orderNo: context.orderNo };
  const query = params.get('query');
  const env = params.get('env_version');
  return {
    kind: 'navigate',
    appId,
    path: query ? `${path.replace(/^\//, '')}?${query}` : path.replace(/^\//, ''),
    envVersion: env === 'trial' || env === 'release' ? env : context.envVersion,
  };
}
