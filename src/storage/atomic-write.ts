import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner-only modes for the config folder and the files in it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Moves a finished temporary file over the target. */
export type RenameFile = (from: string, to: string) => Promise<void>;

/** How `writeFileAtomic` writes. */
export interface AtomicWriteOptions {
  /** The new file's permission bits; owner-only by default. */
  mode?: number;
  /**
   * The final swap; tests replace it to simulate a crash after the data is
   * written but before the target changes.
   */
  rename?: RenameFile;
}

/**
 * Creates a folder (and its parents) readable by the owner only. A folder
 * that already exists keeps its mode: it may be one the user chose on
 * purpose with --config-dir, and the files in it are 0600 regardless.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, {
    recursive: true,
    mode: PRIVATE_DIR_MODE,
  });
  if (created === undefined) return;

  // The umask may have narrowed the mode further; make it exactly 0700.
  await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Replaces `path` with `data` so that a reader sees either the old file or
 * the new one, never half of it: the data goes to a temporary file in the
 * same folder, is flushed to disk, and is then renamed over the target.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? PRIVATE_FILE_MODE;
  const temp = temporaryPathFor(path);

  try {
    await writeAndFlush(temp, data, mode);
    await (options.rename ?? rename)(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }

  await flushDir(dirname(path));
}

async function writeAndFlush(
  path: string,
  data: string,
  mode: number,
): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Makes the rename itself durable. Windows cannot open a folder for this,
// and a failure here leaves the new file in place, so it is best effort.
async function flushDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;

  try {
    const handle = await open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    return;
  }
}

function temporaryPathFor(path: string): string {
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
}

const pendingUpdates = new Map<string, Promise<unknown>>();

/**
 * Runs `update` after every earlier update of the same file in this process
 * has settled, so that read-modify-write cycles never lose each other's
 * changes. Other processes are not covered: the last rename wins there.
 */
export function queueFileUpdate<T>(
  path: string,
  update: () => Promise<T>,
): Promise<T> {
  const previous = pendingUpdates.get(path) ?? Promise.resolve();
  const next = previous.then(update);
  const settled = next.catch(() => undefined);
  pendingUpdates.set(path, settled);

  void settled.then(() => {
    if (pendingUpdates.get(path) === settled) pendingUpdates.delete(path);
  });
  return next;
}
