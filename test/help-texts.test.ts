import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAllHelp } from '../src/help-texts.js';
import { createRequire } from 'node:module';
import { runCli } from '../src/run-cli.js';
import { VERSION } from '../src/version.js';

const DIST = new URL('../dist/', import.meta.url).pathname;
const QUICK_ANSWERS = new URL('../dist/quick-answers.cjs', import.meta.url);

type AnswerWithoutParsing = (
  argv: readonly string[],
  stdout: NodeJS.WritableStream,
  distDir?: string,
) => number | undefined;

// The bin's quick path is CommonJS; the suite reads the built copy, which
// `npm test` builds first.
function loadQuickAnswers(): AnswerWithoutParsing {
  const load = createRequire(import.meta.url);
  const loaded = load(QUICK_ANSWERS.pathname) as {
    answerWithoutParsing: AnswerWithoutParsing;
  };
  return loaded.answerWithoutParsing;
}
import { createMemoryIo } from './helpers/memory-io.js';

const BUILT_HELP = new URL('../dist/help.json', import.meta.url);

describe('renderAllHelp', () => {
  const texts = renderAllHelp();

  it('covers the program and every command', () => {
    expect(Object.keys(texts)).toEqual(
      expect.arrayContaining([
        '',
        'test',
        'setup',
        'push',
        'keys create',
        'profiles list',
        'profiles remove',
        'status',
      ]),
    );
  });

  it('holds exactly what commander prints for each --help', async () => {
    for (const [words, text] of Object.entries(texts)) {
      const io = createMemoryIo();
      const argv = [...words.split(' ').filter(Boolean), '--help'];

      expect(await runCli(argv, io)).toBe(0);
      expect(io.stdoutText(), `help of "${words}"`).toBe(text);
    }
  });

  it('fits 80 columns', () => {
    for (const text of Object.values(texts)) {
      for (const line of text.split('\n')) {
        expect(line.length, line).toBeLessThanOrEqual(80);
      }
    }
  });

  it.runIf(existsSync(BUILT_HELP))('was built from these sources', () => {
    const built = JSON.parse(readFileSync(BUILT_HELP, 'utf8')) as unknown;

    expect(built).toEqual(texts);
  });
});

describe.runIf(existsSync(QUICK_ANSWERS))('answerWithoutParsing', () => {
  const answerWithoutParsing = loadQuickAnswers();

  it('answers --version alone, from package.json', () => {
    const io = createMemoryIo();

    expect(answerWithoutParsing(['--version'], io.stdout, DIST)).toBe(0);
    expect(io.stdoutText()).toBe(`${VERSION}\n`);
  });

  it('answers a command\'s --help', () => {
    const io = createMemoryIo();

    expect(answerWithoutParsing(['keys', 'create', '-h'], io.stdout, DIST)).toBe(0);
    expect(io.stdoutText()).toBe(renderAllHelp()['keys create']);
  });

  it('leaves everything else to commander', () => {
    const io = createMemoryIo();

    for (const argv of [
      [],
      ['test'],
      ['--json', '--help'],
      ['test', '--version'],
      ['nonsense', '--help'],
    ]) {
      expect(answerWithoutParsing(argv, io.stdout, DIST), argv.join(' ')).toBe(
        undefined,
      );
    }
    expect(io.stdoutText()).toBe('');
  });
});
