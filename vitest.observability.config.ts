import { defineConfig } from 'vitest/config';

/** `npm run test:observability`: the dashboards and alerts against a real Prometheus (see test/observability). */
export default defineConfig({
  test: {
    include: ['test/observability/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
