// Two projects: `node` for the server code, the functions and the CLI; `miniprogram` renders pages and
// components with miniprogram-simulate in jsdom, with `wx` mocked in one setup file.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };

// Stryker's sandbox copies (.stryker-tmp, `npm run mutation`) are never tests or modules of this run.
const sandboxes = '<rootDir>/.stryker-tmp/';

module.exports = {
  globalSetup: '<rootDir>/test/globalSetup.js',
  projects: [
    {
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/miniprogram/', sandboxes],
      modulePathIgnorePatterns: [sandboxes],
      transform,
    },
    {
      displayName: 'miniprogram',
      rootDir: __dirname,
      testEnvironment: '<rootDir>/test/miniprogram/environment.js',
      // Resolve npm packages as Node does: the full-flow test runs the backend (axios included) in this project.
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      testMatch: ['<rootDir>/test/miniprogram/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/miniprogram/setup.ts'],
      testPathIgnorePatterns: ['/node_modules/', sandboxes],
      modulePathIgnorePatterns: [sandboxes],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
  ],
};
