// The jest config Stryker runs for each mutant (test/mutation/stryker.config.mjs): only the fast suites
// that test the money path, in one node project. The slow ones (e2e, miniprogram, cli, build) start
// processes and browsers, and the bundles they need are not built here (no globalSetup).
const { join } = require('node:path');

module.exports = {
  rootDir: join(__dirname, '..', '..'),
  testEnvironment: 'node',
  testSequencer: '<rootDir>/test/mutation/sequencer.js',
  testMatch: ['<rootDir>/test/{unit,functions,contract}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/', '<rootDir>/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
};
