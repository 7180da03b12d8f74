import { Command, Option } from 'commander';
import { SETUP_STEP_TITLES } from './wizard/step-titles.js';

/**
 * The command-line surface: every command, flag, help text and example.
 * Nothing here loads a command's code; each action imports its module when
 * it runs, so `--help` and `--version` stay quick.
 */

/** Flags of `test`, `setup` and `push`, as commander hands them over. */
export interface ValueFlags {
  appId?: string;
  baseUrl?: string;
  xdrEndpoint?: string;
  credentialsStdin?: boolean;
  demo?: boolean;
}

/** Called with the command's name and its merged options when it runs. */
export type CommandRunner = (
  name: string,
  options: Record<string, unknown>,
  args: string[],
) => Promise<void>;

const EXIT_CODES_HELP = `
Exit codes:
  0    every check passed
  1    unexpected internal error
  2    usage error, or a missing or invalid value
  3    Mimecast refused the credentials
  4    signed in, but the role lacks a permission XDR needs
  5    Mimecast unreachable, failing or rate limiting
  6    no usable OS keychain (see --insecure-storage)
  7    the push to Barracuda XDR failed
  130  cancelled`;

const PROGRAM_EXAMPLES = `
Examples:
  $ mimecast-xdr setup                        guided setup on a terminal
  $ mimecast-xdr test                         re-check the stored credentials
  $ mimecast-xdr test --demo                  try it against a built-in tenant
  $ mimecast-xdr --profile acme test --json   check one tenant, JSON result
${EXIT_CODES_HELP}`;

/** Where commander writes help, version and its own usage errors. */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * Builds the commander program; `run` carries out the chosen command.
 * Commander throws instead of exiting, so the caller picks the status.
 */
export function buildProgram(
  version: string,
  run: CommandRunner,
  output: ProgramOutput,
): Command {
  const program = new Command('mimecast-xdr')
    // Set before the commands are added: subcommands copy these settings.
    .exitOverride()
    .configureOutput(output)
    // One width everywhere, so the help rendered at build time is the help.
    .configureHelp({ helpWidth: 80 })
    .description(
      'Connect a Mimecast tenant to Barracuda XDR and prove the connection works.',
    )
    .version(version, '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .addOption(
      new Option('--profile <name>', 'the profile to use')
        .env('MIMECAST_XDR_PROFILE')
        .default('default'),
    )
    .option('--json', 'print one JSON object on stdout')
    .option(
      '--non-interactive',
      'never prompt (implied without a terminal or with CI set)',
    )
    .option('--verbose', 'describe each request on stderr (secrets redacted)')
    .option('--no-color', 'plain text without colour (NO_COLOR also works)')
    .option('--timeout <seconds>', 'timeout for each request', '15')
    .addOption(
      new Option('--config-dir <dir>', 'where settings are kept').env(
        'MIMECAST_XDR_CONFIG_DIR',
      ),
    )
    .option(
      '--insecure-storage',
      'keep secrets in a 0600 file instead of the OS keychain',
    )
    .addHelpText('after', PROGRAM_EXAMPLES)
    .showSuggestionAfterError();

  addTestCommand(program, run);
  addSetupCommand(program, run);
  addPushCommand(program, run);
  addKeysCommand(program, run);
  addProfilesCommand(program, run);
  addStatusCommand(program, run);
  return program;
}

function addValueOptions(command: Command, withXdr: boolean): Command {
  command
    .addOption(
      new Option('--api <version>', 'Mimecast API version (inferred when absent)')
        .choices(['1', '2']),
    )
    .option('--app-id <id>', 'Mimecast Application ID (API 1.0)')
    .option('--client-id <id>', 'Mimecast Client ID (API 2.0)')
    .option('--base-url <url>', 'regional API base URL, such as https://eu-api.mimecast.com');
  if (withXdr) {
    command.option('--xdr-endpoint <url>', 'Barracuda XDR integration endpoint');
  }
  return command
    .option(
      '--credentials-stdin',
      'read a JSON object of values (secrets included) from stdin',
    )
    .option('--demo', 'run against the built-in simulated tenant');
}

function addTestCommand(program: Command, run: CommandRunner): void {
  const command = program
    .command('test')
    .description(
      'prove the credentials work and hold every permission XDR needs',
    );
  addValueOptions(command, false)
    .option('--all', 'check every stored profile and print one summary')
    .option(
      '--concurrency <n>',
      'with --all, how many profiles to check at once',
      '8',
    )
    .addHelpText(
      'after',
      `
Runs a signed call to Mimecast, then one probe per permission XDR reads.
Re-run it after the service account's password changes.

Examples:
  $ mimecast-xdr test
  $ MIMECAST_SECRET_KEY=... mimecast-xdr test --non-interactive --json
  $ mimecast-xdr test --all --json
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, cmd: Command) =>
      run('test', collectOptions(cmd), cmd.args),
    );
}

function addSetupCommand(program: Command, run: CommandRunner): void {
  const command = program
    .command('setup')
    .description('walk through the Mimecast side, check it, then push to XDR');
  addValueOptions(command, true)
    .option('--email <address>', "the service account's email address")
    .option('--reveal', 'show the five values in full once at the end')
    .addHelpText(
      'after',
      `
On a terminal, setup walks through these steps, saving progress after each
(run it again to resume):
${SETUP_STEP_TITLES.map((title, index) => `  ${index + 1}. ${title}`).join('\n')}
Then it runs the same checks as \`test\` and, once they pass, stores the
values and pushes them to XDR.

Without a terminal, or with --non-interactive, every value comes from flags,
the environment or --credentials-stdin; the values are stored only after the
checks pass, then pushed when an XDR endpoint is configured.
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, cmd: Command) =>
      run('setup', collectOptions(cmd), cmd.args),
    );
}

function addPushCommand(program: Command, run: CommandRunner): void {
  const command = program
    .command('push')
    .description("push a profile's stored values to Barracuda XDR");
  addValueOptions(command, true)
    .option('--skip-test', 'push without running the checks first')
    .addHelpText(
      'after',
      `
The checks run first unless --skip-test is given; nothing is pushed when
they fail. The XDR token comes from MIMECAST_XDR_TOKEN, --credentials-stdin
or the profile.
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, cmd: Command) =>
      run('push', collectOptions(cmd), cmd.args),
    );
}

function addKeysCommand(program: Command, run: CommandRunner): void {
  const keys = program
    .command('keys')
    .description("manage the service account's API keys");
  keys
    .command('create')
    .description('create new keys for the profile and store them')
    .option('--email <address>', "the service account's email address")
    .option('--password-stdin', "read the service account's password from stdin")
    .option('--push', 'push the new keys to XDR once the checks pass')
    .option('--demo', 'run against the built-in simulated tenant')
    .addHelpText(
      'after',
      `
Logs the service account in to create a new Access Key and Secret Key,
stores them, and runs the checks. The password comes from MIMECAST_PASSWORD,
--password-stdin, or a masked prompt on a terminal; it is never stored.
Use it when \`test\` reports keys_expired, then run \`mimecast-xdr push\`.
${EXIT_CODES_HELP}`,
    )
    .action(async (_options, cmd: Command) =>
      run('keys create', collectOptions(cmd), cmd.args),
    );
}

function addProfilesCommand(program: Command, run: CommandRunner): void {
  const profiles = program
    .command('profiles')
    .description('list or remove stored profiles (one per tenant)');
  profiles
    .command('list')
    .description('list every profile with its last check')
    .action(async (_options, cmd: Command) =>
      run('profiles list', collectOptions(cmd), cmd.args),
    );
  profiles
    .command('remove')
    .description("remove a profile's settings and keychain entry")
    .argument('<name>', 'the profile to remove')
    .option('--yes', 'do not ask for confirmation')
    .action(async (_name, _options, cmd: Command) =>
      run('profiles remove', collectOptions(cmd), cmd.args),
    );
}

function addStatusCommand(program: Command, run: CommandRunner): void {
  program
    .command('status')
    .description('show every profile and its warnings, without any request')
    .action(async (_options, cmd: Command) =>
      run('status', collectOptions(cmd), cmd.args),
    );
}

/**
 * A command's options merged with the program's, plus where the profile
 * name came from: `--demo` picks its own profile unless one was named.
 */
function collectOptions(command: Command): Record<string, unknown> {
  let root = command;
  while (root.parent) root = root.parent;
  return {
    ...command.optsWithGlobals(),
    profileSource: root.getOptionValueSource('profile'),
  };
}
