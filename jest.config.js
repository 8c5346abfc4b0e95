// Two projects: `node` for the server code, the functions and the CLI; `miniprogram` renders pages and
// components with miniprogram-simulate in jsdom, with `wx` mocked in one setup file.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };

module.exports = {
  globalSetup: '<rootDir>/test/globalSetup.js',
  projects: [
    {
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/miniprogram/'],
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
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform,
    },
  ],
};
