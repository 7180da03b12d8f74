import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from
  'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensurePrivateDir,
  queueFileUpdate,
  writeFileAtomic,
} from '../../src/storage/atomic-write.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mimecast-xdr-atomic-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('ensurePrivateDir', () => {
  it('creates missing folders with mode 0700', async () => {
    const dir = join(root, 'a', 'b');

    await ensurePrivateDir(dir);

    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(root, 'a'))).toBe(0o700);
  });

  it('makes a new folder exactly 0700 when the umask narrows it', async () => {
    const dir = join(root, 'narrow');
    const previous = process.umask(0o277);
    try {
      await ensurePrivateDir(dir);
    } finally {
      process.umask(previous);
    }

    expect(await modeOf(dir)).toBe(0o700);
  });

  it('leaves the mode of a folder that already exists alone', async () => {
    const dir = join(root, 'chosen');
    await mkdir(dir, { mode: 0o755 });

    await ensurePrivateDir(dir);

    expect(await modeOf(dir)).toBe(0o755);
  });
});

describe('writeFileAtomic', () => {
  it('writes mode 0600 whatever the umask, leaving no temporary file', async () => {
    const path = join(root, 'config.json');
    const previous = process.umask(0o277);
    try {
      await writeFileAtomic(path, 'first');
      await writeFileAtomic(path, 'second');
    } finally {
      process.umask(previous);
    }

    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await modeOf(path)).toBe(0o600);
    expect(await readdir(root)).toEqual(['config.json']);
  });

  it('narrows a looser existing file to the requested mode', async () => {
    const path = join(root, 'config.json');
    await writeFile(path, 'old', { mode: 0o644 });

    await writeFileAtomic(path, 'new');

    expect(await modeOf(path)).toBe(0o600);
  });

  it('keeps the old file intact when the swap fails midway', async () => {
    const path = join(root, 'config.json');
    await writeFile(path, 'old content');
    let tempSeen = '';
    const crash = async (from: string): Promise<void> => {
      tempSeen = await readFile(from, 'utf8');
      throw new Error('simulated crash');
    };

    await expect(
      writeFileAtomic(path, 'new content', { rename: crash }),
    ).rejects.toThrow('simulated crash');

    expect(tempSeen).toBe('new content');
    expect(await readFile(path, 'utf8')).toBe('old content');
    expect(await readdir(root)).toEqual(['config.json']);
  });

  it('fails when the folder is missing instead of creating it', async () => {
    const path = join(root, 'missing', 'config.json');

    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('queueFileUpdate', () => {
  it('runs updates of one file one after another', async () => {
    const events: string[] = [];
    const step = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    };

    const results = await Promise.all([
      queueFileUpdate('/f', step('a', 20)),
      queueFileUpdate('/f', step('b', 1)),
    ]);

    expect(results).toEqual(['a', 'b']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('keeps going after an update fails', async () => {
    const failed = queueFileUpdate('/g', () => Promise.reject(new Error('x')));
    const next = queueFileUpdate('/g', () => Promise.resolve('ok'));

    await expect(failed).rejects.toThrow('x');
    await expect(next).resolves.toBe('ok');
  });
});
