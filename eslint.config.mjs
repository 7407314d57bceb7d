// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/** What production code never imports: the sandbox stands in for Microsoft 365 in tests and `npm start` only. */
const productionNeverImports = [
  {
    name: '@throughline/sandbox',
    message:
      'Production code never knows the sandbox; it reaches Microsoft 365 through configuration.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'build/**',
      '.tools/**',
      '.data/**',
      'artifacts/**',
      '**/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // The layers (docs/ARCHITECTURE.md): platform knows no feature; a feature reaches another
  // feature through its service, never its store; modules bind endpoints to services; no
  // production code knows the sandbox; contracts depend on zod alone.
  {
    files: [
      'server/src/**/*.ts',
      'contracts/src/**/*.ts',
      'ui/src/**/*.{ts,tsx}',
      'teams-app/src/**/*.{ts,tsx}',
      'outlook-addin/src/**/*.{ts,tsx}',
    ],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/elements': [
        { type: 'contracts', pattern: 'contracts/src' },
        { type: 'sandbox', pattern: 'sandbox' },
        { type: 'front-end', pattern: '(ui|teams-app|outlook-addin)/src' },
        { type: 'platform', pattern: 'server/src/platform' },
        // Each folder below server/src is a feature; app.ts and main.ts (the composition
        // root) and config.ts are matched here too and told apart by their captured name.
        { type: 'feature', pattern: 'server/src/*', capture: ['feature'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: {
                element: {
                  types: ['contracts', 'front-end', 'platform', 'feature'],
                },
              },
              disallow: {
                to: [
                  { element: { type: 'sandbox' } },
                  { module: { source: '@throughline/sandbox' } },
                ],
              },
            },
            {
              from: { element: { type: 'contracts' } },
              disallow: {
                to: {
                  element: { types: ['front-end', 'platform', 'feature'] },
                },
              },
            },
            {
              from: { element: { type: 'front-end' } },
              disallow: {
                to: { element: { types: ['platform', 'feature'] } },
              },
            },
            {
              from: { element: { type: 'platform' } },
              disallow: {
                to: { element: { type: 'feature', captured: { feature: '!config.ts' } } },
              },
            },
            {
              from: { element: { type: 'feature' } },
              disallow: {
                to: {
                  element: {
                    type: 'feature',
                    captured: { feature: '!{{ from.element.captured.feature }}' },
                    fileInternalPath: ['store.ts', '*-store.ts'],
                  },
                },
              },
            },
            {
              // What the platform keeps to itself: app.ts wires it, features never reach in.
              from: { element: { type: 'feature', captured: { feature: '!{app,main}.ts' } } },
              disallow: {
                to: {
                  element: {
                    type: 'platform',
                    fileInternalPath: [
                      'auth/middleware.ts',
                      'auth/token-verifier.ts',
                      'graph/graph.ts',
                      'graph/msal.ts',
                      'graph/token-cache*.ts',
                      'http/handlers.ts',
                      'http/idempotency*.ts',
                      'http/middleware.ts',
                      'http/openapi.ts',
                      'db/damaged-records.ts',
                      'deliveries/ledger-store.ts',
                    ],
                  },
                },
              },
            },
            {
              from: { element: { type: 'feature', fileInternalPath: 'module.ts' } },
              disallow: {
                to: { element: { type: 'feature', fileInternalPath: ['store.ts', '*-store.ts'] } },
              },
            },
          ],
        },
      ],
    },
  },
  {
    files: ['contracts/src/**/*.ts', '{ui,teams-app,outlook-addin}/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: productionNeverImports }],
    },
  },
  // MongoDB's query language stays in the stores: no $-operators, dotted paths or driver
  // imports in services, modules or anywhere else on the server.
  {
    files: ['server/src/**/*.ts'],
    ignores: [
      'server/src/**/store.ts',
      'server/src/**/*-store.ts',
      'server/src/platform/db/**',
      // Adaptive Card templates ($root, $data) and JSON Schema ($schema, $id) use $-keys too.
      'server/src/one-on-ones/card.ts',
      'server/src/one-on-ones/card-schema.ts',
      'server/src/platform/http/openapi.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Property > :matches(Literal.key[value=/^\\$/], Identifier.key[name=/^\\$/])',
          message: 'A MongoDB operator belongs in a store file (store.ts or *-store.ts).',
        },
        {
          selector: "CallExpression[callee.property.name='collection']",
          message: 'Raw collections belong in a store file (store.ts or *-store.ts).',
        },
        {
          selector: 'Property > Literal.key[value=/^[a-zA-Z]+\\.[a-zA-Z.]+$/]',
          message: 'A dotted query path belongs in a store file (store.ts or *-store.ts).',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongodb',
              message: 'The driver belongs in store files and platform/db.',
              allowTypeImports: true,
            },
            ...productionNeverImports,
          ],
          patterns: [
            {
              group: ['../app', '../../app', '../main', '../../main'],
              message:
                'Only main.ts and the tests build the app; features and the platform never import it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'scripts/**',
      'tests/**',
      'manifest/src/cli.ts',
      '**/*.config.*',
      'sandbox/src/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
