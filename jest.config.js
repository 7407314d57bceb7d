// One Jest run covers every part. Node-side suites talk to the real FerretDB and the
// running sandbox that the global setup starts; DOM suites render components in jsdom.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// Packages that Jest must turn into CommonJS.
const esmPackages = [
  'jose',
  'selfsigned',
  '@peculiar',
  'pkijs',
  'asn1js',
  'pvtsutils',
  'pvutils',
  'bytestreamjs',
  '@apidevtools/json-schema-ref-parser',
  // CommonJS, but loads node:fs and node:https with import(), which Jest's CommonJS runtime
  // cannot run: transformed, the import becomes a require.
  'pptxgenjs',
];
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];

module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 30000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{contracts,server,sandbox,manifest,tests}/**/*.test.ts'],
      // The Schemathesis run (about 3 minutes) runs with `npm run test:security`, not in every
      // `npm test`, so CI keeps within its time.
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/tests/e2e/',
        ...(process.env.API_FUZZING === '1' ? [] : ['<rootDir>/tests/security/api-fuzzing']),
      ],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns,
    },
    {
      displayName: 'dom',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/{ui,teams-app,outlook-addin}/**/*.test.tsx'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns,
    },
  ],
};
