import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layering of ARCHITECTURE.md: each zone names a folder and what it must not import.
 * Imports go down (routes → services → unit of work → db; src/domain, src/i18n and schemas at the bottom).
 */
const layers = [
  { target: './src/domain', from: ['./db/**', './schemas/**', './plugins/**', './routes/**', './src/!(domain)/**', './src/*.ts'], message: 'src/domain is pure: it imports only src/domain.' },
  { target: './src/i18n', from: ['./db/**', './schemas/**', './plugins/**', './routes/**', './src/!(domain|i18n)/**', './src/*.ts'], message: 'src/i18n is pure: it imports only src/i18n and src/domain.' },
  { target: './schemas', from: ['./db/**', './plugins/**', './routes/**', './src/!(domain|i18n)/**', './src/*.ts'], message: 'schemas import only schemas, src/domain and src/i18n.' },
  { target: './db', from: ['./src/**', './schemas/**', './plugins/**', './routes/**', './scripts/**'], message: 'db/ is the bottom layer: it imports only db/ and migrations/.' },
  { target: './migrations', from: ['./src/**', './schemas/**', './plugins/**', './routes/**', './db/**'], message: 'A migration stands alone.' },
  { target: './src/unit-of-work', from: ['./src/services/**', './plugins/**', './routes/**'], message: 'The unit of work runs services through callbacks; it never imports them.' },
  { target: './src/services', from: ['./plugins/**', './routes/**', './src/{app,server}.ts'], message: 'Services never import plugins, routes or the app.' },
  { target: './plugins', from: ['./src/services/**', './routes/**', './src/{app,server}.ts'], message: 'Plugins are below the domains: no services, no routes.' },
  { target: './routes', from: ['./src/{app,server}.ts'], message: 'Routes never import the app.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-bench/', 'coverage/', '.data/', 'db/types.ts', 'test/sdk/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
    },
  },
  {
    files: ['scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
