import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The module graph (docs/architecture.md): which folder may import which. A folder imports
 * itself freely; anything not listed is an error. Keep it a DAG: a new edge that closes a loop
 * is refused here and by import-x/no-cycle.
 */
const GROUND = ['common', 'config', 'database'];
/** What every feature may use besides the ground: the hub's own keys (signing, rotation, JWKS). */
const BASE = [...GROUND, 'keys'];
const INFRASTRUCTURE = ['logging', 'metrics'];
/** src/<module> → the modules it may import. */
const SRC = {
  // The ground: no I/O in common; config reads settings; database is the connection and migrations.
  common: [],
  config: ['common'],
  database: ['common', 'config', 'migrations'],
  keys: [...GROUND],
  // Features, from the bottom up. Features call audit; audit calls no feature.
  auth: [...BASE],
  audit: [...BASE, 'auth'],
  catalog: [...BASE, 'auth', 'audit'],
  sources: [...BASE, 'catalog', 'auth'],
  grants: [...BASE, 'catalog', 'audit', 'auth'],
  policy: [...BASE, 'grants', 'catalog', 'audit', 'auth'],
  exchange: [...BASE, 'policy', 'sources', 'audit', 'catalog', 'auth'],
  // A case bundle holds certificates (fetched through certificates → exchange); grants by matter are grants' records.
  matters: [...BASE, 'certificates', 'exchange', 'policy', 'grants', 'catalog', 'audit', 'auth'],
  certificates: [...BASE, 'exchange', 'policy', 'catalog', 'audit', 'auth'],
  // Infrastructure: the HTTP/GraphQL edge, logs, metrics, probes, serving the console's files.
  // They know auth, not features.
  logging: [...GROUND],
  metrics: [...GROUND, 'auth'],
  health: [...GROUND, 'auth', ...INFRASTRUCTURE],
  graphql: [...GROUND, 'auth', ...INFRASTRUCTURE],
  console: [...GROUND, 'auth', ...INFRASTRUCTURE],
  // Composition roots: the command-line tools (and src/*.ts, the Nest application) wire everything.
  cli: ['*', 'demo'],
};
/** Folders outside src/ → what they may import ('*': any of src/). */
const OUTSIDE = {
  app: ['*'], // src/*.ts
  migrations: [],
  // Demo departments and data are separate processes that share only `common`.
  demo: ['common'],
  scripts: ['common', 'catalog'],
  // Tests use src/ and their own support, never bench/; bench and the load test may reuse test support.
  'test-support': ['*', 'demo'],
  test: ['*', 'migrations', 'demo', 'test-support', 'console-app'],
  // test/bench tests the bench's own pure helpers (the flame graph renderer), and only those.
  'test-bench': ['bench'],
  bench: ['*', 'demo', 'test-support'],
  loadtest: ['*', 'demo', 'bench', 'test-support'],
  // The console is a browser app that talks GraphQL: it imports nothing of src/.
  'console-app': [],
};
/**
 * Imports that break the table today and are on their way out: certificates fetch through the
 * exchange instead of reading source bindings. Delete an entry when its last import goes.
 */
const PENDING = { certificates: ['sources'] };

const ELEMENTS = [
  ...Object.keys(SRC).map((name) => ({ type: name, pattern: `src/${name}`, partialMatch: false })),
  { type: 'app', pattern: 'src', partialMatch: false },
  { type: 'test-support', pattern: 'test/support', partialMatch: false },
  { type: 'test-bench', pattern: 'test/bench', partialMatch: false },
  { type: 'console-app', pattern: 'console', partialMatch: false },
  ...['migrations', 'demo', 'scripts', 'test', 'bench', 'loadtest'].map((name) => ({ type: name, pattern: name, partialMatch: false })),
];
// Every folder of src/ is a module of the table: a new one is added there, with its edges.
const unlisted = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory() && !(entry.name in SRC));
if (unlisted.length) throw new Error(`eslint.config.js: add ${unlisted.map((entry) => `src/${entry.name}`).join(', ')} to the module table (SRC)`);
const srcTypes = [...Object.keys(SRC), 'app'];
const policies = Object.entries({ ...SRC, ...OUTSIDE }).map(([from, to]) => ({
  from: { element: { type: from } },
  allow: { to: { element: { type: [from, ...to.flatMap((name) => (name === '*' ? srcTypes : [name])), ...(PENDING[from] ?? [])] } } },
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.sharehub*/', 'console/src/gql/', 'test-artifacts/', 'console/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', Headers: 'readonly', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest decorators need runtime class references that type-only imports would erase.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX, boundaries },
    settings: {
      // Parse .ts dependencies too: without this, import-x sees no imports in them and no loops.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // boundaries resolves through eslint-module-utils, which reads the classic setting.
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': ELEMENTS,
    },
    rules: {
      // No file loops. (import-x skips type-only imports; between modules, boundaries counts them.)
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [...policies, { allow: { to: { module: { origin: ['external', 'core'] } } } }],
        },
      ],
    },
  },
);
