import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import type { CommandIo } from './context.js';
import { ExitCode } from './errors.js';
import { VERSION } from './version.js';

/**
 * Runs the tool once and returns the exit status. Nothing below this exits
 * the process; the bin script sets the status from what this returns.
 */
export async function main(
  argv: string[],
  io: CommandIo = processIo(),
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(
    VERSION,
    async (name, options, args) => {
      const { runCommand } = await import('./commands/run-command.js');
      exitCode = await runCommand(name, options, io, args);
    },
    {
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    },
  );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return await reportUsageError(error, argv, io);
  }
  return exitCode;
}

async function reportUsageError(
  error: CommanderError,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  const quietExits = ['commander.helpDisplayed', 'commander.version'];
  if (quietExits.includes(error.code) || error.exitCode === 0) {
    return ExitCode.ok;
  }

  // commander has already printed its message on stderr; --json callers
  // still get their one object on stdout.
  if (argv.includes('--json')) {
    const { usageErrorJson } = await import('./commands/run-command.js');
    io.stdout.write(`${JSON.stringify(usageErrorJson(error.message))}\n`);
  }
  return ExitCode.usage;
}

function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
}
