// Lint for shared/ and server/ (the mini-program has its own checks). Syntax-level rules only, so it
// stays fast; types are checked by `npm run typecheck`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'miniapp/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['shared/**/*.ts', 'server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Entry points and scripts talk to the terminal.
    files: ['server/src/main.ts', 'server/src/bench/**/*.ts', 'server/src/**/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
