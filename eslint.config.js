// ESLint flat config. Prettier formats; ESLint only finds bugs (eslint-config-prettier, last, turns
// off every rule that would fight the formatter).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// `_`-prefixed parameters and bindings are deliberately unused (an interface's shape, a name in a test table).
const UNUSED_VARS = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'test/artifacts/', 'bench/results/', 'coverage/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // TypeScript: src/, channels/, migrations/, test/ and the root .ts files, with type information.
  // tsconfig.test.json extends tsconfig.json and includes all of them, so one program serves them all.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      // `async` on a method with a synchronous body keeps the Promise contract (a throw becomes a rejection),
      // e.g. in-memory adapters and queues that implement an async interface.
      '@typescript-eslint/require-await': 'off',
      // URLSearchParams renders as its query string by design; the rule's default lists it only from the DOM lib,
      // and here it comes from @types/node.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', package: 'url', name: ['URL', 'URLSearchParams'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': UNUSED_VARS,
    },
  },

  // Tests that drive the gateway over HTTP or read raw rows: supertest types `res.body` as `any`, and so does knex for
  // untyped table reads. Poking into those bodies is what the tests do, and each value lands in an expect() that fails
  // on a wrong shape, so member access and assignment from them are allowed here. Calls, returns and arguments built
  // from `any` stay checked. Unit tests get the full rule set.
  {
    files: ['test/integration/**/*.ts', 'test/e2e/**/*.ts', 'test/services/**/*.ts', 'test/helpers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },

  // Benchmark harness: plain Node ESM scripts.
  {
    files: ['bench/**/*.mjs', '*.js', '*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': UNUSED_VARS,
    },
  },

  // Manage panel: browser ES modules (type-checked separately by tsconfig.panel.json).
  {
    files: ['src/manage/assets/panel/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      'no-unused-vars': UNUSED_VARS,
    },
  },

  // Web chat widget: one classic browser script (no modules) in ES2020, embedded on customers' sites
  // (type-checked separately by tsconfig.panel.json).
  {
    files: ['src/webchat/assets/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: { ...globals.browser },
    },
    rules: {
      'no-unused-vars': UNUSED_VARS,
    },
  },

  prettier,
);
