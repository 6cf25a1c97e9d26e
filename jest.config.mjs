// Jest runs in ESM mode because NestJS 12 ships ESM only (see README, "Tests").
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // In CI a skipped or todo test fails the run: a skip there hides a missing fixture.
  reporters: ['default', '<rootDir>/test/support/no-skips-reporter.mjs'],
  // Each test file has a database of its own, so files run in parallel even on two cores.
  maxWorkers: 2,
};
