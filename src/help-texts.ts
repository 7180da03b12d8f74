import type { Command } from 'commander';
import { buildProgram } from './cli.js';
import { VERSION } from './version.js';

/**
 * What `--help` prints for the program and for every command, keyed by
 * the command's words (`""`, `"test"`, `"keys create"`), as commander
 * renders it. The build stores this for quick answers.
 */
export function renderAllHelp(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const words of commandPaths(makeProgram(() => {}))) {
    let text = '';
    const program = makeProgram((chunk) => (text += chunk));
    try {
      program.parse([...words, '--help'], { from: 'user' });
    } catch {
      // commander ends every --help by throwing, as exitOverride asks.
    }
    texts[words.join(' ')] = text;
  }
  return texts;
}

function makeProgram(writeOut: (text: string) => void): Command {
  return buildProgram(VERSION, async () => {}, {
    writeOut,
    writeErr: () => {},
  });
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  const paths = [prefix];
  for (const sub of command.commands) {
    paths.push(...commandPaths(sub, [...prefix, sub.name()]));
  }
  return paths;
}
