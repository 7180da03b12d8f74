import type { CommandIo } from './context.js';
import { runCli } from './run-cli.js';

/**
 * Runs the tool once and returns the exit status. Nothing below this exits
 * the process; the bin script sets the status from what this returns.
 */
export async function main(
  argv: string[],
  io: CommandIo = processIo(),
): Promise<number> {
  return runCli(argv, io);
}

function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
}
