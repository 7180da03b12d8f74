import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../../src/context.js';

/** A CommandIo over memory streams, with what was written kept as text. */
export interface MemoryIo extends CommandIo {
  stdoutText(): string;
  stderrText(): string;
}

export interface MemoryIoOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  /** Pretend stdin and stderr are a terminal. */
  tty?: boolean;
}

/** Builds streams for running `main` in-process. */
export function createMemoryIo(options: MemoryIoOptions = {}): MemoryIo {
  const stdin = Readable.from([options.stdin ?? '']) as Readable & {
    isTTY?: boolean;
  };
  stdin.isTTY = options.tty === true;
  const stdout = capture(false);
  const stderr = capture(options.tty === true);
  return {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    stdoutText: stdout.text,
    stderrText: stderr.text,
  };
}

function capture(tty: boolean) {
  const stream = new PassThrough() as PassThrough & {
    isTTY?: boolean;
    columns?: number;
  };
  stream.isTTY = tty;
  stream.columns = 80;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}
