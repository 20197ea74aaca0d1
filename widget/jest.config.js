// Dates in the UI are formatted in the local zone; pin it so assertions hold on any machine.
process.env.TZ = 'UTC';

const swc = (tsx) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx },
      transform: { react: { runtime: 'automatic' } },
    },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  transform: {
    '^.+\\.tsx$': swc(true),
    '^.+\\.ts$': swc(false),
    '\\.css$': '<rootDir>/scripts/jest-raw-transform.cjs',
  },
  moduleNameMapper: {
    // The widget runs against the shared sources, exactly as Vite bundles them.
    '^@heap-sync/shared$': '<rootDir>/../shared/src/index.ts',
    '^(.+\\.css)\\?raw$': '$1',
  },
  // Replaced by Vite's `define` in the build (see vite.config.ts).
  globals: { __DEFAULT_BACKEND_URL__: 'http://localhost:3000', __WIDGET_VERSION__: '0.0.0-test' },
};
