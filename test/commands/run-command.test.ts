import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  parseGlobals,
} from '../../src/commands/run-command.js';
import { CliError } from '../../src/errors.js';
import { createMemoryIo } from '../helpers/memory-io.js';

describe('parseGlobals', () => {
  it('is interactive only with a terminal and without CI', () => {
    const terminal = createMemoryIo({ tty: true });
    const pipe = createMemoryIo({ tty: false });
    const ci = createMemoryIo({ tty: true, env: { CI: 'true' } });

    expect(parseGlobals({}, terminal).nonInteractive).toBe(false);
    expect(parseGlobals({}, pipe).nonInteractive).toBe(true);
    expect(parseGlobals({}, ci).nonInteractive).toBe(true);
    expect(
      parseGlobals({ nonInteractive: true }, terminal).nonInteractive,
    ).toBe(true);
  });

  it('treats CI=false as no CI', () => {
    const io = createMemoryIo({ tty: true, env: { CI: 'false' } });

    expect(parseGlobals({}, io).nonInteractive).toBe(false);
  });

  it('uses colour only on a terminal, without NO_COLOR or --no-color', () => {
    const terminal = createMemoryIo({ tty: true });
    const noColorEnv = createMemoryIo({ tty: true, env: { NO_COLOR: '1' } });

    expect(parseGlobals({}, terminal).color).toBe(true);
    expect(parseGlobals({ color: false }, terminal).color).toBe(false);
    expect(parseGlobals({}, noColorEnv).color).toBe(false);
    expect(parseGlobals({}, createMemoryIo()).color).toBe(false);
  });

  it('reads the timeout in seconds and refuses nonsense', () => {
    const io = createMemoryIo();

    expect(parseGlobals({ timeout: '2.5' }, io).timeoutMs).toBe(2500);
    expect(parseGlobals({}, io).timeoutMs).toBe(15_000);
    expect(() => parseGlobals({ timeout: 'soon' }, io)).toThrow(
      expect.objectContaining({ code: 'invalid_value', field: 'timeout' }),
    );
    expect(() => parseGlobals({ timeout: '0' }, io)).toThrow(CliError);
  });

  it('knows whether the profile was named or defaulted', () => {
    const io = createMemoryIo();

    expect(parseGlobals({ profileSource: 'cli' }, io).profileChosen).toBe(true);
    expect(parseGlobals({ profileSource: 'env' }, io).profileChosen).toBe(true);
    expect(
      parseGlobals({ profileSource: 'default' }, io).profileChosen,
    ).toBe(false);
  });
});

describe('describeFailure', () => {
  it('keeps a CliError as it is', () => {
    const error = new CliError({
      code: 'keys_expired',
      message: 'expired',
      hint: 'make new keys',
    });

    expect(describeFailure(error)).toEqual({
      code: 'keys_expired',
      message: 'expired',
      hint: 'make new keys',
    });
  });

  it('hides the text of an unexpected error, which may hold anything', () => {
    const info = describeFailure(new Error('secret=abc123'));

    expect(info.code).toBe('internal_error');
    expect(JSON.stringify(info)).not.toContain('abc123');
  });
});
