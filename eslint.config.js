// Flat config (ESLint 9). Syntax-level rules only (no type-aware linting) so `npm run lint` stays
// fast; `tsc --noEmit` is the type gate. The drizzle rules refuse UPDATE/DELETE without WHERE
// on the names a database handle goes by here (`db`, a tenant transaction `tx`, `ctx.db`).
import js from '@eslint/js';
import drizzle from 'eslint-plugin-drizzle';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const drizzleObjectName = ['db', 'tx', 'ctx.db'];

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'public/build/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks, drizzle },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Tremor's coloured Badge and Button text fails WCAG AA; app/components/{Badge,Button}.tsx fix it once.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@tremor/react',
              message: 'Import Tremor from ~/components/ui/tremor (one component at a time, not the whole package).',
            },
            {
              name: '~/components/ui/tremor',
              importNames: ['Badge', 'Button'],
              message: 'Use ~/components/Badge or ~/components/Button (contrast that passes WCAG AA).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.spec.ts'],
    rules: {
      // Every journey runs under the shared fixture that fails on console errors and hydration errors.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "Import test from './support/test' (it fails on console and hydration errors).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
