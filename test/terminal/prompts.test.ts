import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import {
  createCancelledError,
  createInquirerPrompter,
  createScriptedPrompter,
  isCancellation,
  ANSWERED_SECRET_MASK,
} from '../../src/terminal/prompts.js';

interface FakeTerminal {
  input: PassThrough;
  output: Writable;
  screen(): string;
  /** Everything written, escape sequences included. */
  raw(): string;
  /** Types `text` once the prompt has drawn itself. */
  type(text: string): void;
}

function createTerminal(): FakeTerminal {
  const input = new PassThrough();
  let written = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return {
    input,
    output,
    screen: () => stripVTControlCharacters(written),
    raw: () => written,
    type: (text) => setImmediate(() => input.write(text)),
  };
}

const ERASE_LINE = '\u001b[2K';

/** The choices of the select questions below; Europe comes first. */
const REGIONS = [
  { value: 'eu', name: 'Europe' },
  { value: 'us', name: 'United States' },
];

/** What stays on screen once the prompt has erased itself. */
function lastLine(raw: string): string {
  const kept = raw.slice(raw.lastIndexOf(ERASE_LINE));
  return stripVTControlCharacters(kept).trim();
}

describe('createInquirerPrompter', () => {
  it('reads an answer from the given input', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.input({ message: 'Application ID' });
    terminal.type('abc-123\r');

    await expect(answer).resolves.toBe('abc-123');
    expect(terminal.screen()).toContain('Application ID');
  });

  it('takes the default on Enter', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.input({ message: 'Base URL', default: 'x.y' });
    terminal.type('\r');

    await expect(answer).resolves.toBe('x.y');
  });

  it('shows a refusal and waits for a better answer', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.input({
      message: 'Email',
      validate: (v) => (v.includes('@') ? true : 'Not an address.'),
    });
    terminal.type('nope\r');
    setTimeout(() => terminal.input.write('@x.com\r'), 50);

    await expect(answer).resolves.toBe('nope@x.com');
    expect(terminal.screen()).toContain('Not an address.');
  });

  it('masks a password as it is typed', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.password({ message: 'Secret Key' });
    terminal.type('s3cr3t-value\r');

    await expect(answer).resolves.toBe('s3cr3t-value');
    expect(terminal.screen()).not.toContain('s3cr3t-value');
    expect(terminal.screen()).toContain('************');
  });

  it('shows an answered secret as a fixed mask, whatever its length', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);
    const long = 'x'.repeat(100);

    const answer = prompter.password({ message: 'Secret Key' });
    terminal.type(`${long}\r`);

    await expect(answer).resolves.toBe(long);
    const answered = lastLine(terminal.raw());
    expect(answered).toBe(`\u2714 Secret Key ${ANSWERED_SECRET_MASK}`);
    expect(answered.length).toBeLessThanOrEqual(80);
  });

  it('shows an empty secret answer as nothing', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.password({ message: 'Secret Key (keep)' });
    terminal.type('\r');

    await expect(answer).resolves.toBe('');
    expect(lastLine(terminal.raw())).toBe('\u2714 Secret Key (keep)');
  });

  it('writes an answered select back as one line', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const pick = prompter.select({
      message: 'Region',
      choices: REGIONS,
    });
    terminal.type('\r');

    await expect(pick).resolves.toBe('eu');
    expect(lastLine(terminal.raw())).toBe('\u2714 Region Europe');
  });

  it('erases a prompt cancelled by Ctrl-C, list and all', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const pick = prompter.select({
      message: 'Region',
      choices: REGIONS,
    });
    terminal.type('\u0003');

    await expect(pick).rejects.toMatchObject({ code: 'cancelled' });
    const lastDraw = terminal.raw().lastIndexOf('United States');
    const after = terminal.raw().slice(lastDraw);
    expect(after).toContain(ERASE_LINE);
    expect(terminal.screen()).not.toContain('\u2714 Region');
  });

  it('answers a confirm and a select', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const yes = prompter.confirm({ message: 'Push?', default: true });
    terminal.type('\r');
    await expect(yes).resolves.toBe(true);

    const pick = prompter.select({
      message: 'Region',
      choices: REGIONS,
      default: 'us',
    });
    terminal.type('\r');
    await expect(pick).resolves.toBe('us');
  });

  it('turns Ctrl-C into one cancelled CliError (exit 130)', async () => {
    const terminal = createTerminal();
    const prompter = createInquirerPrompter(terminal);

    const answer = prompter.input({ message: 'Application ID' });
    terminal.type('\u0003');

    await expect(answer).rejects.toBeInstanceOf(CliError);
    await expect(answer).rejects.toMatchObject({
      code: 'cancelled',
      exitCode: 130,
    });
  });

  it('turns an aborted prompt into the same error', async () => {
    const terminal = createTerminal();
    const controller = new AbortController();
    const prompter = createInquirerPrompter({
      ...terminal,
      signal: controller.signal,
    });

    const answer = prompter.select({
      message: 'Region',
      choices: [{ value: 'eu', name: 'Europe' }],
    });
    setImmediate(() => controller.abort());

    await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('isCancellation', () => {
  it('knows every way a prompt is cancelled', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(isCancellation(named('ExitPromptError'))).toBe(true);
    expect(isCancellation(named('AbortPromptError'))).toBe(true);
    expect(isCancellation(named('AbortError'))).toBe(true);
    expect(isCancellation(createCancelledError())).toBe(true);
    expect(isCancellation(new Error('boom'))).toBe(false);
  });
});

describe('createScriptedPrompter', () => {
  it('answers in order and records each question', async () => {
    const prompter = createScriptedPrompter([
      { kind: 'input', message: 'Application ID', answer: 'abc' },
      { kind: 'confirm', message: /push/i },
      { kind: 'select', message: 'Region', answer: 'us' },
    ]);

    expect(await prompter.input({ message: 'Application ID' })).toBe('abc');
    const push = await prompter.confirm({ message: 'Push?', default: true });
    expect(push).toBe(true);
    const region = await prompter.select({
      message: 'Region',
      choices: REGIONS,
    });

    expect(region).toBe('us');
    expect(prompter.asked.map((q) => q.kind)).toEqual([
      'input',
      'confirm',
      'select',
    ]);
    expect(prompter.asked[2]?.choices).toEqual(['eu', 'us']);
    expect(prompter.remaining()).toBe(0);
  });

  it('takes the default for an empty answer', async () => {
    const prompter = createScriptedPrompter([
      { kind: 'input', message: 'Base URL', answer: '' },
      { kind: 'select', message: 'Region' },
    ]);

    const url = await prompter.input({ message: 'Base URL', default: 'd' });
    expect(url).toBe('d');
    const region = await prompter.select({
      message: 'Region',
      choices: REGIONS,
    });
    expect(region).toBe('eu');
  });

  it('records refused answers and moves to the next one', async () => {
    const prompter = createScriptedPrompter([
      { kind: 'password', message: 'Secret', answer: 'bad' },
      { kind: 'password', message: 'Secret', answer: 'good' },
    ]);

    const answer = await prompter.password({
      message: 'Secret Key',
      validate: (v) => (v === 'good' ? true : 'Refused.'),
    });

    expect(answer).toBe('good');
    expect(prompter.asked[0]?.refusals).toEqual(['Refused.']);
  });

  it('fails loudly on a question it did not expect', async () => {
    const prompter = createScriptedPrompter([
      { kind: 'input', message: 'Application ID', answer: 'abc' },
    ]);

    await expect(
      prompter.confirm({ message: 'Push?', default: true }),
    ).rejects.toThrow('Unexpected confirm question "Push?"');
    await expect(prompter.input({ message: 'Other' })).rejects.toThrow(
      'no scripted answer left',
    );
  });

  it('fails loudly on a choice the question does not offer', async () => {
    const prompter = createScriptedPrompter([
      { kind: 'select', message: 'Region', answer: 'mars' },
    ]);

    await expect(
      prompter.select({
        message: 'Region',
        choices: [{ value: 'eu', name: 'Europe' }],
      }),
    ).rejects.toThrow('not offered');
  });

  it('presses Ctrl-C where the script says so', async () => {
    const prompter = createScriptedPrompter([{ kind: 'cancel' }]);

    await expect(prompter.input({ message: 'Anything' })).rejects.toMatchObject(
      { code: 'cancelled' },
    );
  });
});
