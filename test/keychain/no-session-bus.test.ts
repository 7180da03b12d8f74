import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { createKeychainStore } from '../../src/storage/keychain.js';

// The keyring library keeps its D-Bus connection for the life of the
// process; this file runs in a process of its own (see
// vitest.keychain.config.ts), so pointing the bus elsewhere here is seen.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/mimecast-bus';

async function caught(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe.runIf(process.platform === 'linux')('without a session bus', () => {
  const store = createKeychainStore();

  it('fails every call with keychain_unavailable and the way out', async () => {
    const calls = [
      store.get('default'),
      store.set('default', { appKey: 'no-bus-app-key' }),
      store.delete('default'),
    ];

    for (const call of calls) {
      const error = await caught(call);
      expect(error.code).toBe('keychain_unavailable');
      expect(error.exitCode).toBe(6);
      expect(error.message).toMatch(/^The OS keychain could not be used/);
      expect(error.hint).toContain('--insecure-storage');
      expect(error.hint).toContain('MIMECAST_SECRET_KEY');
      expect(error.message).not.toContain('no-bus-app-key');
    }
  });
});
