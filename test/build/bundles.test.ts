/**
 * `npm run build` makes each cloud function folder uploadable as is: one index.js that needs nothing
 * but Node's own modules and wx-server-sdk (installed by CloudBase from the folder's package.json).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FUNCTIONS = readdirSync(join(ROOT, 'cloudfunctions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

test('every function folder has its source, package.json naming wx-server-sdk, and config.json', () => {
  expect(FUNCTIONS.sort()).toEqual(['catalog', 'createPayment', 'getOrder', 'listOrders', 'miniPayment', 'payNotify', 'reconcile']);
  for (const fn of FUNCTIONS) {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', fn, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ main: 'index.js', dependencies: { 'wx-server-sdk': expect.any(String) } });
    expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    const config = JSON.parse(readFileSync(join(ROOT, 'cloudfunctions', fn, 'config.json'), 'utf8')) as { timeout: number; triggers?: unknown[] };
    if (['createPayment', 'miniPayment', 'payNotify', 'reconcile'].includes(fn)) expect(config.timeout).toBeGreaterThanOrEqual(10);
    expect(Boolean(config.triggers)).toBe(fn === 'reconcile');
  }
});

test.each(FUNCTIONS)('%s/index.js requires only Node built-ins and wx-server-sdk', (fn) => {
  const bundle = readFileSync(join(ROOT, 'cloudfunctions', fn, 'index.js'), 'utf8');
  const required = [...bundle.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
  const foreign = required.filter((name) => name !== 'wx-server-sdk' && !builtinModules.includes(name.replace(/^node:/, '')));
  expect(foreign).toEqual([]);
});

test('a built function runs from a folder of its own, with only wx-server-sdk beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fn-upload-'));
  copyFileSync(join(ROOT, 'cloudfunctions', 'catalog', 'index.js'), join(dir, 'index.js'));
  mkdirSync(join(dir, 'node_modules', 'wx-server-sdk'), { recursive: true });
  // A minimal stand-in for the SDK: one collection, the calls the catalog makes.
  writeFileSync(
    join(dir, 'node_modules', 'wx-server-sdk', 'index.js'),
    `const products = [{ sku: 'tea', name: 'Tea', description: '', image: '', price: { value: '18000', currency: 'LAK' }, active: true }];
     const query = { where: () => query, orderBy: () => query, limit: () => query, get: async () => ({ data: products }) };
     module.exports = { DYNAMIC_CURRENT_ENV: Symbol('env'), init() {}, getWXContext: () => ({ OPENID: 'o1', APPID: 'wx1' }),
       logger: () => ({ info() {}, warn() {}, error() {} }), database: () => ({ command: {}, collection: () => query }) };`,
  );
  const run = spawnSync(process.execPath, ['-e', "require('./index.js').main({}, {}).then((r) => process.stdout.write(JSON.stringify(r)))"], {
    cwd: dir,
    env: { PATH: process.env.PATH, STORE_CURRENCY: 'LAK', MAX_ORDER_AMOUNT: '1000000' },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ ok: true, products: [{ sku: 'tea', name: 'Tea', description: '', image: '', price: { value: '18000', currency: 'LAK' } }] });
});

test('the mini program loads nothing from outside miniprogram/ at run time, and stays far below 2 MB', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'miniprogram-size.mjs')], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const kb = Number(/package: ([0-9.]+) KB/.exec(run.stdout)![1]);
  expect(kb).toBeLessThan(512);
});
