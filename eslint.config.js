// One linter, type-aware: floating promises, exhaustive switches and `any` are errors.
// The opinion engine (src/math) is held to stricter rules: no I/O, no clock, nothing from the app.
import js from '@eslint/js';
import globals from 'globals';
import jsxA11y from 'eslint-plugin-jsx-a11y-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'data', 'drizzle', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The web app: the rules of hooks, and accessible markup (labels, roles, keyboard use, alt text).
  { ...reactHooks.configs.flat.recommended, files: ['web/**/*.{ts,tsx}'] },
  { ...jsxA11y.configs.recommended, files: ['web/**/*.tsx'] },
  {
    // The engine's inner loops index typed arrays; with noUncheckedIndexedAccess every read is
    // `number | undefined`, so the non-null assertion is the idiom there (bounds come from CSR pointers).
    files: ['src/math/**/*.ts', 'test/math/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['src/math/**/*.ts'],
    ignores: ['src/math/**/*.test.ts', 'src/math/io/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', '../*', '!./*'],
              message: 'The engine is pure: no I/O, nothing from the app.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Date', 'process', 'fetch', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator.' },
      ],
    },
  },
  {
    // A repository hands back promises of rows: a drizzle query builder handed back instead runs its query
    // again at every `await` of it (a cached one ran once per vote).
    files: ['src/**/*.repo.ts'],
    rules: { '@typescript-eslint/promise-function-async': 'error' },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
