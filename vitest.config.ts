import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-keychain suite needs a private session bus; npm test runs it
    // separately through scripts/run-keychain-tests.mjs.
    exclude: ['test/keychain/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
