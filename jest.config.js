import { existsSync } from 'node:fs'

const tsJest = [
  'ts-jest',
  {
    // Types are checked by `npm run typecheck`; with isolatedModules ts-jest only transpiles.
    tsconfig: { module: 'CommonJS', moduleResolution: 'Node10', verbatimModuleSyntax: false, isolatedModules: true },
  },
]

// The browser journey needs a Chromium. Outside CI a missing one skips that suite, loudly;
// under CI=true the suite runs and fails, saying what is missing.
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium'
const ignored = ['/node_modules/']
if (!existsSync(chrome) && process.env.CI !== 'true') {
  ignored.push('<rootDir>/tests/browser/')
  process.stderr.write(
    `\n*** SKIPPED: browser tests (tests/browser): no Chromium at ${chrome}. Set CHROME_PATH or apt-get install chromium. ***\n\n`,
  )
}

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ignored,
  // The Vue 2 consumer project has its own node_modules (vue-cli, webpack 4): not crawled, never a test.
  modulePathIgnorePatterns: ['<rootDir>/tests/consumer-vue2/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  transform: { '^.+\\.ts$': tsJest },
}
