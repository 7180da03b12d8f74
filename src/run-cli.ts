import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import type { CommandIo } from './context.js';
import { ExitCode } from './errors.js';
import { VERSION } from './version.js';

/** Parses `argv` with commander and runs the command it names. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
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
