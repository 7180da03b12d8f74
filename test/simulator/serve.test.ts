import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allowLoopbackOnly, callSigned } from './helpers.js';

const SERVE_JS = fileURLToPath(
  new URL('../../dist/simulator/serve.js', import.meta.url),
);

// The built entry exists after `npm run build`, which `npm test` runs first.
describe.skipIf(!existsSync(SERVE_JS))('dist/simulator/serve.js', () => {
  allowLoopbackOnly();

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves until %s, then exits 0',
    async (signal) => {
      const child = spawn(process.execPath, [SERVE_JS, '--latency', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += String(chunk);
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', () => reject(new Error(stderr)));
      });
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );

      const answer = await callSigned({ url }, '/api/account/get-account');
      child.kill(signal);

      expect(answer.status).toBe(200);
      expect(await exited).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('Simulator stopped.');
    },
  );
});
