import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Property tests and worker threads are CPU-bound: on a busy two-core CI machine they
        // take several times what they take on a desk, hence more than Vitest's default 5 s.
        test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.slow.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        // Slow checks of pure code (large random instances, the SciPy cross-check): not in
        // `npm test`; `npm run test:slow` and CI run them.
        extends: true,
        test: { name: 'slow', include: ['src/**/*.slow.test.ts'], environment: 'node', testTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['test/embedded/**/*.test.ts'],
          // Each test starts real servers (initdb, migrations) several times.
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
