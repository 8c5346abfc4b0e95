/**
 * The CloudBase runtime: wx-server-sdk's database, logger and WeChat context. Loaded lazily, so
 * importing a function never loads the SDK unless it runs in the cloud.
 */
import { CloudBaseStore, CloudDatabase } from '../orders/cloudbaseStore';
import type { Runtime } from './runtime';

let runtime: Runtime | undefined;

export function cloudRuntime(): Runtime {
  if (runtime) return runtime;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  const logger = cloud.logger();
  runtime = {
    store: new CloudBaseStore(cloud.database() as unknown as CloudDatabase),
    env: process.env,
    logSink: (level, record) => logger[level](record),
    identify: () => {
      const context = cloud.getWXContext();
      return { openid: context.OPENID || undefined, appid: context.APPID || undefined };
    },
  };
  return runtime;
}
