// Prints what the mini program package weighs once DevTools has stripped the types: WeChat limits the
// main package to 2 MB. Also fails when code would load a file from outside miniprogram/ at run time
// (only miniprogram/ is uploaded; type-only imports from typings/ are fine, they disappear).
import { transformSync } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'miniprogram');
const files = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

const totals = { js: 0, wxml: 0, wxss: 0, json: 0 };
const escapes = [];
for (const file of files(root)) {
  const ext = extname(file);
  if (file.endsWith('.d.ts') || file.endsWith('tsconfig.json')) continue;
  if (ext === '.ts') {
    const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2018' });
    totals.js += Buffer.byteLength(code);
    for (const [, spec] of code.matchAll(/require\("([^"]+)"\)/g)) {
      const target = resolve(dirname(file), spec);
      if (!spec.startsWith('.') || relative(root, target).startsWith('..')) escapes.push(`${relative(root, file)} → ${spec}`);
    }
  } else if (ext.slice(1) in totals) {
    totals[ext.slice(1)] += statSync(file).size;
  }
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const all = Object.values(totals).reduce((a, b) => a + b, 0);
console.log(`mini program package: ${kb(all)} (js ${kb(totals.js)}, wxml ${kb(totals.wxml)}, wxss ${kb(totals.wxss)}, json ${kb(totals.json)}); WeChat's main package limit is 2048 KB`);
if (escapes.length > 0) {
  console.error(`run-time imports from outside miniprogram/ (they would fail on a phone):\n  ${escapes.join('\n  ')}`);
  process.exit(1);
}
