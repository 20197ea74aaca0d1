const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/../backend/.swcrc`, 'utf8'));

/**
 * End-to-end suites run one file at a time against one Postgres: the given TEST_DATABASE_URL or
 * DATABASE_URL, or an embedded one started for the run. Each suite gets its own fresh database.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.browser-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: { '^@heap-sync/shared$': '<rootDir>/../shared/src/index.ts' },
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 60000,
};
