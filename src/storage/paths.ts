import { homedir as currentHomedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** The folder name used under the platform's config location. */
export const CONFIG_DIR_NAME = 'mimecast-xdr';

/** Where `resolveConfigDir` looks for the config folder. */
export interface ResolveConfigDirOptions {
  /** The value of `--config-dir`, when given. */
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Defaults to the running platform. */
  platform?: NodeJS.Platform;
  /** Defaults to the current user's home folder. */
  homedir?: string;
  /** What relative paths are resolved against; the working folder. */
  cwd?: string;
}

/**
 * Finds the config folder, first that has one: `--config-dir`, then
 * MIMECAST_XDR_CONFIG_DIR, then the platform's place: %APPDATA% on Windows,
 * else $XDG_CONFIG_HOME, else ~/.config. The result is always absolute.
 */
export function resolveConfigDir(options: ResolveConfigDirOptions): string {
  const platform = options.platform ?? process.platform;
  const path = platform === 'win32' ? win32 : posix;
  const cwd = options.cwd ?? process.cwd();

  const chosen =
    nonEmpty(options.flag) ?? nonEmpty(options.env.MIMECAST_XDR_CONFIG_DIR);
  if (chosen !== undefined) return path.resolve(cwd, chosen);

  const home = options.homedir ?? currentHomedir();
  const base = platformConfigHome(platform, options.env, home);
  return path.resolve(cwd, base, CONFIG_DIR_NAME);
}

function platformConfigHome(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string {
  if (platform === 'win32') {
    return nonEmpty(env.APPDATA) ?? win32.join(home, 'AppData', 'Roaming');
  }

  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and to be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  if (xdg !== undefined && posix.isAbsolute(xdg)) return xdg;
  return posix.join(home, '.config');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
