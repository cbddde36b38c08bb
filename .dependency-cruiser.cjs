/**
 * The layering of src/, checked by `npm run check:deps` (dependency-cruiser) in CI. Type-only
 * imports count: a circle through types is still a circle a reader has to hold in their head.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle in src/, type imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-stays-core',
      severity: 'error',
      comment:
        'The core (src/auth, src/utils) is framework-free and ships to native mini programs: it never imports the store, pages, the app, the test runtime, Vue or pinia.',
      from: { path: '^src/(auth|utils)/' },
      to: { path: '^src/(store|pages|testing|platforms|lib|App\\.vue|main\\.ts|session\\.ts)|(^|/)node_modules/' },
    },
    {
      name: 'core-has-no-dependencies',
      severity: 'error',
      comment: 'The published library has no runtime dependencies.',
      from: { path: '^src/(auth|utils)/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'entries-use-core-types-only',
      severity: 'error',
      comment:
        'The store, testing, presets and platforms entries ship as their own bundles: they take the core as types only.',
      from: { path: '^src/(store/define-auth-store|testing/|presets/|platforms/)' },
      to: { path: '^src/(auth|utils)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'platforms-are-adapters-only',
      severity: 'error',
      comment:
        'The native adapters (uni-session/platforms) ship as their own bundle with no dependencies: they take the core as types only and import nothing but each other.',
      from: { path: '^src/platforms/' },
      to: {
        pathNot: '^src/platforms/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'adapters-use-core-types-and-the-origin-rule',
      severity: 'error',
      comment:
        'The adapters entry ships as its own bundle: it takes the core as types only, except the origin rule (src/utils/request/url.ts, stateless, imports only types), so that an adapter trusts exactly the URLs the built-in requester trusts. scripts/build-lib.mjs checks the same on the bundle.',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(auth|utils)/', pathNot: '^src/utils/request/url\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
}
