// Lint enforces what the README states as rules: promises are awaited or handled, and the pure
// layers (domain, parsers, formatters) import nothing from NestJS, TypeORM, GraphQL or pg.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const frameworkImports = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'graphql', 'graphql-*', 'pg', 'pg-*', '@apollo/*'],
      message: 'the pure layers import nothing from NestJS, TypeORM, GraphQL or pg',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', '.bench/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's (`npm run format`); ESLint keeps to what code means.
  prettier,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain scripts (jest reporter, test preloads, generators) run in Node.
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // CommonJS configuration files (dependency-cruiser reads only CommonJS).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['src/diplomacy/**/*.ts', 'src/imports/**/*.ts', 'src/exports/formats/**/*.ts', 'src/input/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
);
