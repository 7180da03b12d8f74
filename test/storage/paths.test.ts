import { describe, expect, it } from 'vitest';
import { resolveConfigDir } from '../../src/storage/paths.js';

const home = '/home/ada';

describe('resolveConfigDir', () => {
  it('prefers --config-dir over everything else', () => {
    const dir = resolveConfigDir({
      flag: '/srv/xdr',
      env: { MIMECAST_XDR_CONFIG_DIR: '/etc/x', XDG_CONFIG_HOME: '/xdg' },
      platform: 'linux',
      homedir: home,
    });

    expect(dir).toBe('/srv/xdr');
  });

  it('uses MIMECAST_XDR_CONFIG_DIR when no flag is given', () => {
    const dir = resolveConfigDir({
      env: { MIMECAST_XDR_CONFIG_DIR: '/etc/x', XDG_CONFIG_HOME: '/xdg' },
      platform: 'linux',
      homedir: home,
    });

    expect(dir).toBe('/etc/x');
  });

  it('resolves a relative flag or variable against the working folder', () => {
    const options = { platform: 'linux' as const, homedir: home, cwd: '/w' };

    expect(resolveConfigDir({ ...options, flag: 'conf', env: {} })).toBe(
      '/w/conf',
    );
    expect(
      resolveConfigDir({
        ...options,
        env: { MIMECAST_XDR_CONFIG_DIR: '../other' },
      }),
    ).toBe('/other');
  });

  it('uses XDG_CONFIG_HOME, then ~/.config, on Linux and macOS', () => {
    const linux = { platform: 'linux' as const, homedir: home };

    expect(
      resolveConfigDir({ ...linux, env: { XDG_CONFIG_HOME: '/xdg' } }),
    ).toBe('/xdg/mimecast-xdr');
    expect(resolveConfigDir({ ...linux, env: {} })).toBe(
      '/home/ada/.config/mimecast-xdr',
    );
    expect(
      resolveConfigDir({ platform: 'darwin', homedir: home, env: {} }),
    ).toBe('/home/ada/.config/mimecast-xdr');
  });

  it('ignores empty and relative XDG_CONFIG_HOME values', () => {
    const linux = { platform: 'linux' as const, homedir: home };
    const expected = '/home/ada/.config/mimecast-xdr';

    expect(resolveConfigDir({ ...linux, env: { XDG_CONFIG_HOME: '' } })).toBe(
      expected,
    );
    expect(
      resolveConfigDir({ ...linux, env: { XDG_CONFIG_HOME: 'rel/dir' } }),
    ).toBe(expected);
    const blank = { MIMECAST_XDR_CONFIG_DIR: ' ' };
    expect(resolveConfigDir({ ...linux, flag: '', env: blank })).toBe(
      expected,
    );
  });

  it('uses %APPDATA% on Windows, else the roaming folder in the home', () => {
    const windows = { platform: 'win32' as const, homedir: 'C:\\Users\\ada' };

    expect(
      resolveConfigDir({
        ...windows,
        env: { APPDATA: 'D:\\Roaming', XDG_CONFIG_HOME: '/xdg' },
      }),
    ).toBe('D:\\Roaming\\mimecast-xdr');
    expect(resolveConfigDir({ ...windows, env: {} })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\mimecast-xdr',
    );
    expect(
      resolveConfigDir({ ...windows, cwd: 'C:\\work', flag: 'conf', env: {} }),
    ).toBe('C:\\work\\conf');
  });

  it('resolves against the process working folder by default', () => {
    const dir = resolveConfigDir({ flag: 'rel', env: {} });

    expect(dir).toBe(`${process.cwd()}/rel`);
  });
});
