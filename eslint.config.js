import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Every place of ours an import can land, as globs from the repository root (each must be a glob: the rule takes no mix). */
const places = {
  root: 'src/{app,server}.ts',
  routes: 'routes/**',
  plugins: 'plugins/**',
  services: 'src/services/**',
  webhooks: 'src/webhooks/**',
  mail: 'src/mail/**',
  jobs: 'src/jobs/**',
  pdf: 'src/pdf/**',
  pages: 'src/pages/**',
  unitOfWork: 'src/unit-of-work/**',
  helpers: 'src/!(app|server).ts',
  i18n: 'src/i18n/**',
  domain: 'src/domain/**',
  schemas: 'schemas/**',
  db: 'db/!(types).ts',
  dbTypes: 'db/@(types).ts',
  migrations: 'migrations/**',
  base: 'base/**',
  entryPoints: '{scripts,bench,test}/**',
};

/**
 * The floors of ARCHITECTURE.md's table, top to bottom, row for row: each floor may import its
 * own places and those it names, nothing else of ours. The composition root and the entry points
 * (scripts, bench, test) may import anything, so they have no row here.
 */
const floors = [
  { floor: 'routes/', places: ['routes'], mayImport: ['plugins', 'services', 'pdf', 'pages', 'helpers', 'i18n', 'domain', 'schemas', 'dbTypes', 'base'] },
  { floor: 'plugins/', places: ['plugins'], mayImport: ['services', 'jobs', 'webhooks', 'mail', 'pdf', 'unitOfWork', 'helpers', 'i18n', 'domain', 'schemas', 'db', 'dbTypes', 'base'] },
  { floor: 'src/services/', places: ['services'], mayImport: ['jobs', 'webhooks', 'mail', 'unitOfWork', 'helpers', 'i18n', 'domain', 'schemas', 'db', 'dbTypes', 'base'] },
  { floor: 'src/jobs/', places: ['jobs'], mayImport: ['domain', 'db', 'dbTypes', 'base'] },
  { floor: 'src/webhooks/', places: ['webhooks'], mayImport: ['domain', 'db', 'dbTypes', 'base'] },
  { floor: 'src/mail/', places: ['mail'], mayImport: ['i18n', 'domain', 'base'] },
  { floor: 'src/pdf/', places: ['pdf'], mayImport: ['i18n', 'domain', 'schemas', 'base'] },
  { floor: 'src/pages/', places: ['pages'], mayImport: ['i18n', 'domain', 'schemas', 'base'] },
  { floor: 'src/unit-of-work/', places: ['unitOfWork'], mayImport: ['helpers', 'domain', 'schemas', 'db', 'dbTypes', 'base'] },
  { floor: 'src/*.ts (but app.ts, server.ts)', places: ['helpers'], mayImport: ['domain', 'schemas', 'base'] },
  { floor: 'src/i18n/', places: ['i18n'], mayImport: ['domain', 'base'] },
  { floor: 'src/domain/', places: ['domain'], mayImport: ['base'] },
  { floor: 'schemas/', places: ['schemas'], mayImport: ['base'] },
  { floor: 'db/', places: ['db', 'dbTypes'], mayImport: ['migrations', 'base'] },
  { floor: 'migrations/', places: ['migrations'], mayImport: [] },
  { floor: 'base/', places: ['base'], mayImport: [] },
];

/** How the table names a place (the folder, where its glob says no more). */
const nameOf = (place) => ({ helpers: 'src/*.ts', dbTypes: 'db/types.ts' })[place] ?? places[place].replace(/\*\*$/, '');

const here = import.meta.dirname;
const absolute = (place) => `${here}/${places[place]}`;
const layers = floors.map(({ floor, places: own, mayImport }) => ({
  target: own.map(absolute),
  from: Object.keys(places)
    .filter((place) => !own.includes(place) && !mayImport.includes(place))
    .map(absolute),
  message: `${floor} imports only ${mayImport.length ? mayImport.map(nameOf).join(', ') : 'its own files'} (ARCHITECTURE.md).`,
}));

export default tseslint.config(
  // test/lint-fixtures/ breaks the rules on purpose: test/foundation/layering.test.ts lints it.
  { ignores: ['node_modules/', 'dist/', 'dist-bench/', 'coverage/', '.data/', 'db/types.ts', 'test/sdk/generated/', 'test/lint-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses only .js dependencies unless told otherwise: without these two, no .ts
      // file was ever read as a dependency, so no-cycle could not see a cycle.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
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
