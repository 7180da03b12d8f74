import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/terminal/redact.js';
import {
  createOutput,
  loadStyle,
} from '../../src/terminal/terminal-output.js';
import { createMemoryIo } from '../helpers/memory-io.js';

const SECRET = 'QUNDRVNTLUtFWS1USEFULU1VTVC1OT1QtTEVBSw';

async function outputFor(options: { json?: boolean; verbose?: boolean;
  color?: boolean; tty?: boolean }) {
  const io = createMemoryIo({ tty: options.tty });
  const style = await loadStyle(options.color ?? false);
  const output = createOutput(
    {
      stdout: io.stdout,
      stderr: io.stderr,
      json: options.json ?? false,
      verbose: options.verbose ?? false,
      color: options.color ?? false,
      redact: createRedactor([SECRET]),
    },
    style,
  );
  return { io, output };
}

describe('createOutput', () => {
  it('keeps stdout for the result and human text on stderr', async () => {
    const { io, output } = await outputFor({ json: true });

    output.line('Checking');
    output.warn('careful');
    output.result({ ok: true });

    expect(JSON.parse(io.stdoutText())).toEqual({ ok: true });
    expect(io.stderrText()).toBe('Checking\nWarning: careful\n');
  });

  it('drops debug lines unless --verbose, and redacts them', async () => {
    const quiet = await outputFor({});
    const loud = await outputFor({ verbose: true });

    quiet.output.debug('quiet');
    loud.output.debug(`key ${SECRET}`);

    expect(quiet.io.stderrText()).toBe('');
    expect(loud.io.stderrText()).toContain('debug: key [redacted]');
    expect(loud.io.stderrText()).not.toContain(SECRET);
  });

  it('redacts a secret in every stream', async () => {
    const { io, output } = await outputFor({});

    output.line(`line ${SECRET}`);
    output.result(`result ${SECRET}`);

    expect(io.stderrText() + io.stdoutText()).not.toContain(SECRET);
  });

  it('writes no colour codes when colour is off', async () => {
    const plain = await outputFor({ color: false });
    const coloured = await outputFor({ color: true });

    plain.output.line(plain.output.style.red('fail'));
    coloured.output.line(coloured.output.style.red('fail'));

    expect(plain.io.stderrText()).toBe('fail\n');
    expect(coloured.io.stderrText()).toContain('\u001b[31m');
  });

  it('prints only the final line of a wait when not on a terminal', async () => {
    const { io, output } = await outputFor({ tty: false });

    const spinner = output.spinner('Waiting');
    spinner.update('Still waiting');
    spinner.succeed('Done');

    expect(io.stderrText()).toBe('✔ Done\n');
  });
});
