/**
 * `newpay`: the signature toolbox for merchants' engineers debugging an integration.
 * Every failure is a one-line message and a non-zero exit, never a stack trace.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalString } from '../newpay/canonical';
import { ExactObject, JsonSyntaxError, parseExactObject, stringifyExact } from '../newpay/exactJson';
import { KeyFormatError, loadKeyFile } from '../newpay/keys';
import { signFields, verifyFields } from '../newpay/signature';

export const USAGE = `Usage: newpay <command> [options]

Commands:
  keygen --out DIR [--force]          write an RSA-2048 pair: DIR/private.pem (PKCS#8), DIR/public.pem (SPKI)
  canonical [FILE|-] [--omit-empty]   print NewPay's string to sign for a JSON object
  sign --key PEM [FILE|-] [--inplace] print the base64 SHA256withRSA signature (any "sign" field is ignored);
                                      --inplace prints the JSON with "sign" set instead
  verify --pubkey PEM [FILE|-]        exit 0 and print "valid" when the object's "sign" verifies, else exit 1
  sandbox [--port 8788] [--data DIR] [--app-id ID] [--merchant-id ID] [--merchant-pubkey PEM] [--time-scale N]
                                      run the NewPay sandbox (API, cashier page, callbacks, faults) until Ctrl+C

FILE is a JSON object; "-" or no FILE reads standard input. Numbers are signed exactly as written
(123.00 stays 123.00). Empty strings take part as "key=" (NewPay's literal rule); --omit-empty prints
the other reading. verify accepts a signature made under either reading and says which one matched.
`;

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

class UsageError extends Error {}
class FailureError extends Error {}

export async function runNewpay(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'keygen':
        return keygen(rest, io);
      case 'canonical':
        return await canonical(rest, io);
      case 'sign':
        return await sign(rest, io);
      case 'verify':
        return await verify(rest, io);
      case 'sandbox':
        return await sandbox(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`newpay: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof FailureError || error instanceof KeyFormatError || error instanceof JsonSyntaxError) {
      io.stderr(`newpay: ${error.message}\n`);
      return 1;
    }
    io.stderr(`newpay: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parse(args: readonly string[], options: OptionSpec, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

function keygen(args: readonly string[], io: CliIO): number {
  const { values } = parse(args, { out: { type: 'string' }, force: { type: 'boolean' } }, 0);
  const dir = values.out as string | undefined;
  if (!dir) throw new UsageError('keygen needs --out DIR');
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  if (!values.force && (existsSync(privatePath) || existsSync(publicPath))) {
    throw new FailureError(`${privatePath} or ${publicPath} already exists; use --force to replace them`);
  }
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(privatePath, pair.privateKey, { mode: 0o600 });
    writeFileSync(publicPath, pair.publicKey, { mode: 0o644 });
  } catch (error) {
    throw new FailureError(`cannot write keys to ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  io.stdout(`private key (keep secret): ${privatePath}\npublic key (give to NewPay): ${publicPath}\n`);
  return 0;
}

async function canonical(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { 'omit-empty': { type: 'boolean' } }, 1);
  const object = await readObject(positionals[0], io);
  io.stdout(`${canonicalString(object, values['omit-empty'] ? 'omit' : 'include')}\n`);
  return 0;
}

async function sign(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { key: { type: 'string' }, inplace: { type: 'boolean' } }, 1);
  if (!values.key) throw new UsageError('sign needs --key PEM (the private key file)');
  const key = loadKeyFile(values.key as string, 'private');
  const object = await readObject(positionals[0], io);
  const signature = signFields(object, key);
  if (values.inplace) {
    const { sign: _old, ...fields } = object;
    io.stdout(`${stringifyExact({ ...fields, sign: signature })}\n`);
  } else {
    io.stdout(`${signature}\n`);
  }
  return 0;
}

async function verify(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { pubkey: { type: 'string' } }, 1);
  if (!values.pubkey) throw new UsageError('verify needs --pubkey PEM (the public key file)');
  const key = loadKeyFile(values.pubkey as string, 'public');
  const object = await readObject(positionals[0], io);
  if (typeof object.sign !== 'string' || object.sign === '') throw new FailureError('invalid: the object has no "sign" string');
  const reading = verifyFields(object, key);
  if (!reading) throw new FailureError('invalid: the signature does not match this object and public key (tampered field, wrong key, or re-formatted numbers)');
  const how = { 'no-empty-fields': '', 'empty-strings-included': ' (empty strings included)', 'empty-strings-omitted': ' (empty strings omitted)' }[reading];
  io.stdout(`valid${how}\n`);
  return 0;
}

async function sandbox(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parse(
    args,
    { port: { type: 'string' }, data: { type: 'string' }, 'app-id': { type: 'string' }, 'merchant-id': { type: 'string' }, 'merchant-pubkey': { type: 'string' }, 'time-scale': { type: 'string' } },
    0,
  );
  const port = Number(values.port ?? 8788);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${String(values.port)}`);
  const timeScale = Number(values['time-scale'] ?? 1);
  if (!(timeScale > 0)) throw new UsageError(`--time-scale must be a positive number, got ${String(values['time-scale'])}`);
  const { startSandboxServer } = await import('../local/sandboxServer');
  const server = await startSandboxServer({
    port,
    dataDir: resolve((values.data as string | undefined) ?? '.newpay-sandbox'),
    appId: (values['app-id'] as string | undefined) ?? 'sandbox-app',
    merchantId: (values['merchant-id'] as string | undefined) ?? 'sandbox-merchant',
    merchantPublicKey: values['merchant-pubkey'] ? loadKeyFile(values['merchant-pubkey'] as string, 'public') : undefined,
    timeScale,
    log: (line) => io.stdout(`${JSON.stringify(line)}\n`),
  });
  io.stdout(
    [
      `NewPay sandbox at ${server.url} (no real money)`,
      `  NEWPAY_BASE_URL=${server.url}`,
      values['merchant-pubkey'] ? '  verifying requests with your --merchant-pubkey' : `  sign requests with   ${server.keys.merchantPrivateFile}`,
      `  verify answers with  ${server.keys.platformPublicFile}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.stop();
  return 0;
}

async function readObject(file: string | undefined, io: CliIO): Promise<ExactObject> {
  let text: string;
  if (file === undefined || file === '-') {
    text = await io.readStdin();
  } else {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new FailureError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (text.trim() === '') throw new FailureError('no JSON given: name a FILE or pipe the object on standard input');
  // Editors and shells add a trailing newline or BOM; neither is part of any value.
  return parseExactObject(text.replace(/^\uFEFF/, ''));
}
