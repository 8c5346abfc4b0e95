/** The NewPay sandbox on a port of its own (`npx newpay sandbox`), for integrations other than this shop. */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { KeyObject } from 'node:crypto';
import { closeServer, listenOnLoopback, sendJson } from './http';
import { ensureLocalKeys } from './keys';
import { isSandboxPath, NewPaySandbox, SANDBOX_PREFIX } from './sandbox/sandbox';

export interface SandboxServerOptions {
  readonly port: number;
  readonly dataDir: string;
  readonly appId: string;
  readonly merchantId: string;
  /** The merchant's own public key; without it the sandbox uses (and creates) DATA_DIR/keys/merchant_public.pem. */
  readonly merchantPublicKey?: KeyObject;
  readonly timeScale?: number;
  readonly log?: (line: Record<string, unknown>) => void;
}

export async function startSandboxServer(options: SandboxServerOptions) {
  mkdirSync(options.dataDir, { recursive: true });
  const keys = ensureLocalKeys(options.dataDir);
  const server = createServer();
  const url = `http://127.0.0.1:${await listenOnLoopback(server, options.port)}${SANDBOX_PREFIX}`;
  const sandbox = new NewPaySandbox({
    appId: options.appId,
    merchantId: options.merchantId,
    merchantPublicKey: options.merchantPublicKey ?? keys.merchantPublicKey,
    platformPrivateKey: keys.platformPrivateKey,
    publicUrl: url,
    dataDir: options.dataDir,
    timeScale: options.timeScale,
    log: options.log,
  });
  await sandbox.start();
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!isSandboxPath(path)) return sendJson(res, 404, { message: `the sandbox lives under ${SANDBOX_PREFIX}` });
    void sandbox.handle(req, res, path.slice(SANDBOX_PREFIX.length));
  });
  return {
    url,
    keys,
    sandbox,
    async stop() {
      await sandbox.stop();
      await closeServer(server);
    },
  };
}
