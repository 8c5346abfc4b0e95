/** `npm start`: the local stack on PORT (default 8787) with its data under DATA_DIR (default .data/). */
import { resolve } from 'node:path';
import { DEFAULT_PORT, startStack } from './stack';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const stack = await startStack({ dataDir, port, env: process.env, sandboxLog: (line) => process.stdout.write(`${JSON.stringify({ level: 'info', ...line })}\n`) });
  const u = stack.url;
  process.stdout.write(
    [
      '',
      `NewPay shop, local stack${stack.keysGenerated ? ' (new keys generated)' : ''}`,
      `  functions   POST ${u}/functions/<name>       catalog createPayment miniPayment getOrder listOrders`,
      `              header x-wx-openid picks the user (default o-local-user)`,
      `  timer       POST ${u}/timers/reconcile       runs reconcile now (it also runs every 5 minutes)`,
      `  payNotify   POST ${u}/http/newpay/notify      NewPay's callBackUrl`,
      `  sandbox          ${u}/newpay-sandbox          API, cashier /newpay-sandbox/cashier/<newpayOrderNo>, faults`,
      `  data             ${dataDir}   (orders, events, sandbox orders, keys/)`,
      `  settings         ${stack.env.STORE_CURRENCY}, appId ${stack.env.NEWPAY_APP_ID}, merchantId ${stack.env.NEWPAY_MERCHANT_ID}`,
      '',
      'Try it: npm run demo        Stop: Ctrl+C',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`npm start: ${error.message}\n`);
  process.exit(1);
});
