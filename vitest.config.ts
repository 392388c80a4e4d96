import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Tests that need the real PostgreSQL and Redis services (stopping Redis, cutting PostgreSQL's
// connections) are selected by the environment, not skipped inside the files.
const withServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

/** One folder of test/ as a project, runnable alone: `npm test -- --project unit`. */
function project(name: 'unit' | 'integration' | 'e2e' | 'services'): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
    },
  };
}

export default defineConfig({
  test: {
    // On PostgreSQL, one migrated template database per run that each file copies.
    globalSetup: ['test/helpers/template-database.global-setup.ts'],
    projects: [project('unit'), project('integration'), project('e2e'), ...(withServices ? [project('services')] : [])],
  },
});
