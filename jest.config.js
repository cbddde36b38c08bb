/** @type {import('jest').Config} */
const tsJest = [
  'ts-jest',
  {
    // Types are checked by `npm run typecheck`; with isolatedModules ts-jest only transpiles.
    tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', verbatimModuleSyntax: false, isolatedModules: true },
  },
]

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  transform: { '^.+\\.ts$': tsJest },
}
