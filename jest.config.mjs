// Jest runs in ESM mode because NestJS 12 ships ESM only (see README, "Tests").
//
// Five tiers, one project each: `npm run test:unit` (pure specs, no PostgreSQL), `test:int`
// (test/integration), `test:e2e` (the service over HTTP and WebSocket), `test:browser` (the
// pages in headless Chromium) and `test:faults` (PostgreSQL servers of the tests' own, stopped and
// restarted); `npm test` runs all five, and prints each tier's time (tier-times-reporter.mjs).
const tier = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
};

// Jest runs a project's global setup only when a test of that project is selected, and runs the
// same module once however many projects name it: the unit tier alone never starts PostgreSQL,
// and int and e2e together share one server.
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...tier,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/test'],
      // Every *.spec.ts is pure (src/, the reporter's own spec, the deployment files' checks);
      // a spec that needs PostgreSQL is an int-spec or an e2e-spec. test/web/ checks the browser
      // pages' pure modules (web/) and the size of the built pages, built by the global setup.
      testMatch: ['**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/web-bundle.ts',
    },
    {
      ...tier,
      ...database,
      displayName: 'int',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.int-spec.ts'],
    },
    {
      ...tier,
      ...database,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e', '<rootDir>/test/security'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
    {
      // The pages in headless Chromium (test/support/browser.ts): skipped with a message where
      // chromium-headless-shell is missing, failing in CI.
      ...tier,
      ...database,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
    },
    {
      // PostgreSQL servers of the tests' own (test/support/pg-cluster.ts), stopped and restarted:
      // slow, and independent of which server the other tiers use, so `.ci/run` runs it once.
      // Skipped with a message where the PostgreSQL binaries are missing, failing in CI.
      ...tier,
      displayName: 'faults',
      roots: ['<rootDir>/test/faults'],
      testMatch: ['**/*.faults-spec.ts'],
    },
  ],
  // testTimeout, reporters and maxWorkers are run-wide: jest reads them here, not per project.
  testTimeout: 60000,
  // In CI a skipped or todo test fails the run: a skip there hides a missing fixture.
  // Each tier's time is printed at the end (CI's log shows where its time goes).
  reporters: [
    'default',
    '<rootDir>/test/support/no-skips-reporter.mjs',
    '<rootDir>/test/support/tier-times-reporter.mjs',
  ],
  // Each test file has a database of its own, so files run in parallel even on two cores.
  maxWorkers: 2,
};
