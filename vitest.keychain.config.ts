import { defineConfig } from 'vitest/config';

// The real-keychain suite, run by scripts/run-keychain-tests.mjs inside a
// private session bus with a throwaway gnome-keyring. Each file gets its own
// process: the keyring library keeps one D-Bus connection per process.
export default defineConfig({
  test: {
    include: ['test/keychain/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
