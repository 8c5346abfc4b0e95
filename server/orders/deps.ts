/** What the order services are given; handlers build it, tests fill it with fakes and test keys. */
import type { NewPayClient } from '../newpay/client';
import type { NewPaySettings, StoreSettings } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Store } from './store';

export interface Deps {
  readonly store: Store;
  readonly settings: StoreSettings;
  /** Present for the functions that talk to NewPay. */
  readonly newpay?: { readonly client: NewPayClient; readonly settings: NewPaySettings };
  readonly log: Logger;
  readonly now: () => number;
  readonly randomBytes: (size: number) => Uint8Array;
}

/** Who called: from the WeChat context, never from the event. */
export interface Caller {
  readonly openid: string;
  /** Our mini program's AppID, when the context carries it. */
  readonly appid?: string;
}
