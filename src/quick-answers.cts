// CommonJS on purpose: the bin loads this before anything else, and an ES
// module costs node more to start than the whole answer takes.
import fs = require('node:fs');
import path = require('node:path');

/**
 * The help of every command, rendered by commander at build time into
 * `help.json` beside this file (scripts/render-help.mjs). Declaring every
 * command with commander costs about as much as node's own start, and
 * `--help` and `--version` should answer at once.
 */
type HelpTexts = Record<string, string>;

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Answers `--version` and `[command] --help` without parsing anything else.
 * Returns the exit status, or undefined when commander must parse `argv`
 * (anything else, or when no help was rendered).
 */
function answerWithoutParsing(
  argv: readonly string[],
  stdout: NodeJS.WritableStream,
  distDir: string = __dirname,
): number | undefined {
  if (argv.length === 1 && argv[0] === '--version') {
    const version = readVersion(distDir);
    if (version === undefined) return undefined;
    stdout.write(`${version}\n`);
    return 0;
  }

  const last = argv.at(-1);
  if (last === undefined || !HELP_FLAGS.has(last)) return undefined;
  const words = argv.slice(0, -1);
  if (words.some((word) => word.startsWith('-'))) return undefined;

  const text = readJson<HelpTexts>(path.join(distDir, 'help.json'))?.[
    words.join(' ')
  ];
  if (text === undefined) return undefined;
  stdout.write(text);
  return 0;
}

function readVersion(distDir: string): string | undefined {
  const pkg = readJson<{ version?: unknown }>(
    path.join(distDir, '..', 'package.json'),
  );
  return typeof pkg?.version === 'string' ? pkg.version : undefined;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export = { answerWithoutParsing };
