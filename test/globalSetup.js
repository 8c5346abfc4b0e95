// Builds the CLI and the cloud function bundles once, so the tests that run them see the current source.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { stdio: 'ignore' });
};
