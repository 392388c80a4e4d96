import { defineConfig } from 'vitest/config';

// Tests that need the real PostgreSQL and Redis services (stopping Redis, a second Postgres
// schema per file) are selected by the environment, not skipped inside the files.
const withServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', ...(withServices ? ['test/services/**/*.test.ts'] : [])],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: [],
  },
});
