/**
 * The `newpay` command as a merchant's engineer runs it: a real process, real files, and the openssl
 * command line as the judge of every signature.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyPath, opensslSign, opensslVerifies, vectors } from '../support/fixtures';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'newpay.js');
const PRIVATE = keyPath('merchant_private_pkcs8.pem');
const PUBLIC = keyPath('merchant_public_spki.pem');

function newpay(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'newpay-cli-')), name);
  writeFileSync(file, content);
  return file;
}

const vectorFile = (name: string) => join(ROOT, 'test', 'fixtures', 'vectors', `${name}.json`);

describe.each(vectors().map((v) => [v.name, v] as const))('vector %s', (name, vector) => {
  const omit = name === 'callback-empty-omitted';

  it('canonical prints the string to sign', () => {
    const run = newpay(['canonical', vectorFile(name), ...(omit ? ['--omit-empty'] : [])]);
    expect(run).toMatchObject({ code: 0, stdout: `${vector.canonical}\n` });
  });

  if (!omit) {
    it('sign prints exactly what openssl prints over the canonical string', () => {
      const run = newpay(['sign', '--key', PRIVATE, vectorFile(name)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${opensslSign(vector.canonical, PRIVATE)}\n`);
      expect(run.stdout.trim()).toBe(vector.signature);
    });
  }

  it("verify accepts openssl's signature and rejects a tampered copy", () => {
    const object = readFileSync(vectorFile(name), 'utf8');
    const signed = object.replace(/^\{/, `{"sign":"${vector.signature}",`).replace(/,"sign":"ignored"/, '');
    expect(newpay(['verify', '--pubkey', PUBLIC], signed)).toMatchObject({ code: 0 });
    expect(newpay(['verify', '--pubkey', PUBLIC], signed).stdout).toMatch(/^valid/);
    const tampered = signed.replace(/\}$/, ',"zz":"added after signing"}');
    const run = newpay(['verify', '--pubkey', PUBLIC], tampered);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^newpay: invalid: /);
  });
});

describe('arbitrary objects', () => {
  const samples = [
    { subject: 'ເຂົ້າໜຽວ 糯米饭 🍚', orderAmt: '123.00', extra: '', appId: 6, nested: { z: [1, 'two', null], a: { ok: true } } },
    { newpayOrderNo: 202209210000006950n, rate: 0.1, negative: -5, big: 12345678901234567890n, note: 'a=b&c=d' },
    { Zeta: 'upper', alpha: 'lower', 'key with space': 'v', 'ключ': 'кириллица', '键': '值' },
  ];

  it.each(samples.map((s, i) => [i, s] as const))('sample %i: sign equals openssl over canonical, with PKCS#8 and PKCS#1 keys', (_i, sample) => {
    const json = JSON.stringify(sample, (_k, v: unknown) => (typeof v === 'bigint' ? `__BIG__${v}` : v)).replace(/"__BIG__(\d+)"/g, '$1');
    const file = tempFile('sample.json', json);
    const canonical = newpay(['canonical', file]).stdout.replace(/\n$/, '');
    for (const key of [PRIVATE, keyPath('merchant_private_pkcs1.pem')]) {
      const signature = newpay(['sign', '--key', key, file]).stdout.trim();
      expect(signature).toBe(opensslSign(canonical, key));
      expect(opensslVerifies(canonical, signature, PUBLIC)).toBe(true);
    }
  });
});

describe('sign --inplace and verify', () => {
  it('prints the JSON with sign set, numbers untouched, and that output verifies', () => {
    const body = '{"orderAmt":123.00,"sign":"old","subject":"ກາເຟ"}';
    const run = newpay(['sign', '--key', PRIVATE, '--inplace', '-'], body);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\{"orderAmt":123\.00,"subject":"ກາເຟ","sign":"[A-Za-z0-9+/]+=*"\}\n$/);
    expect(newpay(['verify', '--pubkey', PUBLIC, '-'], run.stdout)).toMatchObject({ code: 0, stdout: 'valid\n' });
  });

  it('says which reading of the empty-string rule matched', () => {
    const signed = newpay(['sign', '--key', PRIVATE, '--inplace'], '{"a":"1","extra":""}').stdout;
    expect(newpay(['verify', '--pubkey', PUBLIC], signed).stdout).toBe('valid (empty strings included)\n');
  });

  it('rejects the right signature under another public key', () => {
    const signed = newpay(['sign', '--key', PRIVATE, '--inplace'], '{"a":"1"}').stdout;
    const run = newpay(['verify', '--pubkey', keyPath('platform_public.pem')], signed);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid: the signature does not match/);
  });
});

describe('keygen', () => {
  it('writes a PKCS#8/SPKI pair that openssl accepts, and will not overwrite it by accident', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'newpay-keys-')), 'keys');
    expect(newpay(['keygen', '--out', dir]).code).toBe(0);
    const privatePem = readFileSync(join(dir, 'private.pem'), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(join(dir, 'public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(statSync(join(dir, 'private.pem')).mode & 0o077).toBe(0);
    const signature = newpay(['sign', '--key', join(dir, 'private.pem')], '{"a":"1"}').stdout.trim();
    expect(opensslVerifies('a=1', signature, join(dir, 'public.pem'))).toBe(true);

    const again = newpay(['keygen', '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect(readFileSync(join(dir, 'private.pem'), 'utf8')).toBe(privatePem);
    expect(newpay(['keygen', '--out', dir, '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'private.pem'), 'utf8')).not.toBe(privatePem);
  });
});

describe('mistakes get a readable message and a non-zero exit, never a stack trace', () => {
  it.each([
    ['malformed JSON', ['canonical', '-'], '{"a":', 1, /^newpay: invalid JSON/],
    ['a JSON array', ['canonical', '-'], '[1]', 1, /expected a JSON object/],
    ['no input', ['canonical', '-'], '', 1, /no JSON given/],
    ['a missing file', ['canonical', '/nonexistent.json'], undefined, 1, /cannot read \/nonexistent.json: ENOENT/],
    ['a missing key file', ['sign', '--key', '/nonexistent.pem', '-'], '{}', 1, /cannot read private key file \/nonexistent.pem: ENOENT/],
    ['a public key given to sign', ['sign', '--key', PUBLIC, '-'], '{}', 1, /PEM labelled 'PUBLIC KEY' \(that is a public key\): expected an RSA private key/],
    ['a private key given to verify', ['verify', '--pubkey', PRIVATE, '-'], '{"sign":"x"}', 1, /expected an RSA public key/],
    ['an object without sign', ['verify', '--pubkey', PUBLIC, '-'], '{"a":"1"}', 1, /invalid: the object has no "sign"/],
    ['sign without --key', ['sign', '-'], '{}', 2, /sign needs --key/],
    ['an unknown flag', ['sign', '--kye', PRIVATE], '{}', 2, /Unknown option '--kye'/],
    ['an unknown command', ['sing'], undefined, 2, /unknown command 'sing'/],
    ['two files', ['canonical', 'a.json', 'b.json'], undefined, 2, /unexpected argument 'b.json'/],
    ['keygen without --out', ['keygen'], undefined, 2, /keygen needs --out DIR/],
  ])('%s', (_what, args, input, code, message) => {
    const run = newpay(args as string[], input as string | undefined);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage for --help (exit 0) and with no command (exit 2)', () => {
    expect(newpay(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: newpay <command>') });
    expect(newpay([])).toMatchObject({ code: 2, stdout: expect.stringContaining('Usage: newpay <command>') });
  });
});

test('npx newpay runs the installed command', () => {
  const run = spawnSync('npx', ['--no-install', 'newpay', 'canonical', '-'], { cwd: ROOT, input: '{"b":"2","a":"1"}', encoding: 'utf8' });
  expect(run.stdout).toBe('a=1&b=2\n');
  expect(run.status).toBe(0);
});
