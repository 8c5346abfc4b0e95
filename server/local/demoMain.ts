/** `npm run demo [-- --decline]`: uses the stack on PORT, or starts one over DATA_DIR for the run. */
import axios from 'axios';
import { resolve } from 'node:path';
import { runDemo } from './demo';
import { DEFAULT_PORT, Stack, startStack } from './stack';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT;
  const baseUrl = `http://127.0.0.1:${port}`;
  const decline = process.argv.includes('--decline');
  let stack: Stack | undefined;
  try {
    await axios.get(`${baseUrl}/health`, { timeout: 1000 });
    process.stdout.write(`using the stack already running at ${baseUrl}\n`);
  } catch {
    stack = await startStack({ dataDir: resolve(process.env.DATA_DIR || '.data'), port, env: process.env, logSink: () => undefined });
    process.stdout.write(`started the local stack at ${baseUrl}\n`);
  }
  try {
    const result = await runDemo({ baseUrl, decline, print: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(result.ok ? `demo: order ${result.orderNo} is ${result.status}\n` : `demo FAILED: order ${result.orderNo} is ${result.status}\n`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await stack?.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(1);
});
