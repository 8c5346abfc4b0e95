// Bundles what must run without TypeScript: the `newpay` command, and each cloud function with the
// shared server code inside it (wx-server-sdk stays external: CloudBase installs it from the
// function's own package.json). Runs on `npm install` (prepare) and `npm run build`.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node16', format: 'cjs', logLevel: 'warning', legalComments: 'none' };

const started = Date.now();
// Tools that run inside this repository: dependencies stay in node_modules.
const tool = { ...common, target: 'node20', packages: 'external' };
await build({ ...tool, entryPoints: [join(root, 'server/cli/main.ts')], outfile: join(root, 'dist/newpay.js') });
await build({ ...tool, entryPoints: [join(root, 'server/local/main.ts')], outfile: join(root, 'dist/local.js') });
await build({ ...tool, entryPoints: [join(root, 'server/local/demoMain.ts')], outfile: join(root, 'dist/demo.js') });

const functionsDir = join(root, 'cloudfunctions');
const functions = existsSync(functionsDir)
  ? readdirSync(functionsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'src/index.ts')))
  : [];
for (const fn of functions) {
  await build({
    ...common,
    entryPoints: [join(functionsDir, fn.name, 'src/index.ts')],
    outfile: join(functionsDir, fn.name, 'index.js'),
    external: ['wx-server-sdk'],
  });
}
console.log(`built dist/ (newpay, local, demo) and ${functions.length} cloud function(s) in ${Date.now() - started} ms`);
