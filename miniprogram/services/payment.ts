/**
 * Starts payment the way the server decided (see server/newpay/launch.ts). Must run inside a tap
 * handler: WeChat only opens another mini program from a user's tap. Whatever happens here, the order's
 * state is only ever learned from the server afterwards (the result page polls getOrder).
 */
import type { Launch } from '../../typings/contracts';
import { findCheckout } from './checkouts';
import { callFunction } from './cloud';
import { envVersion } from './env';
import { describeProblem, Problem } from './messages';

export type LaunchOutcome = 'opened' | 'paid' | 'cancelled' | 'copied' | 'failed';

export function launchPayment(launch: Launch): Promise<LaunchOutcome> {
  switch (launch.kind) {
    case 'navigate':
      return new Promise((resolve) => {
        wx.navigateToMiniProgram({
          appId: launch.appId,
          path: launch.path,
          envVersion: launch.envVersion,
          success: () => resolve('opened'),
          fail: (error: { errMsg?: string }) => resolve(/cancel/.test(error?.errMsg ?? '') ? 'cancelled' : 'failed'),
        });
      });
    case 'inApp':
      return payInApp(launch.orderNo);
    case 'external':
      return new Promise((resolve) => {
        wx.setClipboardData({
          data: launch.url,
          success: () => {
            wx.showModal({ title: 'Link copied', content: 'Open the copied payment link in WeChat to pay, then come back here.', showCancel: false });
            resolve('copied');
          },
          fail: () => resolve('failed'),
        });
      });
  }
}

async function payInApp(orderNo: string): Promise<LaunchOutcome> {
  const code = await new Promise<string | null>((resolve) => wx.login({ success: (r) => resolve(r.code || null), fail: () => resolve(null) }));
  if (!code) return 'failed';
  const answer = await callFunction('miniPayment', { orderNo, code });
  if (!answer.ok) return 'failed';
  return new Promise((resolve) => {
    wx.requestPayment({
      ...answer.payment,
      signType: answer.payment.signType as 'RSA',
      success: () => resolve('paid'),
      fail: (error: { errMsg?: string }) => resolve(/cancel/.test(error?.errMsg ?? '') ? 'cancelled' : 'failed'),
    });
  });
}

export type Resumed = { readonly ok: true; readonly launch: Launch | null; readonly status: string } | { readonly ok: false; readonly problem: Problem };

/**
 * Gets the launch for an unpaid order again: createPayment with the order's own idempotency key returns
 * the same order and launch. Only orders checked out on this phone can be resumed (the key lives here).
 */
export async function resumePayment(orderNo: string): Promise<Resumed> {
  const checkout = findCheckout(orderNo);
  if (!checkout) return { ok: false, problem: { message: 'This order was placed on another phone. Please check out again.', retryable: false } };
  const answer = await callFunction('createPayment', { items: [...checkout.items], idempotencyKey: checkout.idempotencyKey, envVersion: envVersion() });
  if (!answer.ok) return { ok: false, problem: describeProblem(answer.error) };
  return { ok: true, launch: answer.launch ?? null, status: answer.order.status };
}
