#!/usr/bin/env node
// The `newpay` command. Its code is bundled from server/cli by `npm run build` (run by `npm install`).
'use strict';
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'newpay.js');
try {
  require.resolve(bundle);
} catch {
  process.stderr.write('newpay: not built yet; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(bundle);
