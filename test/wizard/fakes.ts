import type { ApiVersion, XdrTarget } from '../../src/credentials.js';
import type { ChecksReport } from '../../src/mimecast/checks.js';
import type {
  ConfigFile,
  ConfigStore,
  ProfileSecrets,
  ProfileSettings,
  SecretStore,
} from '../../src/storage/types.js';
import type { Output, Spinner, Style } from '../../src/terminal/output.js';
import {
  createScriptedPrompter,
  type ScriptedAnswer,
  type ScriptedPrompter,
} from '../../src/terminal/prompts.js';
import type {
  CreateKeysOptions,
  DiscoveredAccount,
  KnownValues,
  WizardContext,
  WizardCredentials,
  WizardServices,
} from '../../src/wizard/types.js';

/** Values that pass the same checks as real ones. */
export const VALUES = {
  appId: 'a3c1f0de-5b7e-4c1a-9d2f-0e6b8a4c2d11',
  appKey: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
  accessKey: 'mYaCcEsSkEy_0123456789-abcdefWXYZ',
  secretKey: Buffer.from('a secret key of thirty-two bytes').toString('base64'),
  baseUrl: 'https://eu-api.mimecast.com',
  xdrEndpoint: 'https://xdr.example.com/api/integrations/mimecast',
  xdrToken: 'xdr-token-0123456789-qwerty',
  email: 'xdr-siem@example.com',
  password: 'Service-Account-Pass-42',
} as const;

/** An API 2.0 application's values that pass the same checks. */
export const VALUES2 = {
  clientId: 'Zx9kQ2mV7pL4rT1nW8bC3dF6gH0jK5sA',
  clientSecret: 'cLiEnTsEcReT-0123456789-abcdefghijklmnop',
  baseUrl: 'https://api.services.mimecast.com',
} as const;

/** Keys the fake login hands out. */
export const CREATED_KEYS = {
  accessKey: 'cReAtEdAcCeSsKeY_9876543210-zyx',
  secretKey: Buffer.from('another secret of 32 bytes here!').toString('base64'),
};

/** A ConfigStore kept in memory, merging as the real one does. */
export class MemoryConfigStore implements ConfigStore {
  readonly path = '/memory/config.json';
  readonly file: ConfigFile = { version: 1, profiles: {} };
  readonly updates: Partial<ProfileSettings>[] = [];

  load(): Promise<ConfigFile> {
    return Promise.resolve(structuredClone(this.file));
  }

  getProfile(name: string): Promise<ProfileSettings | undefined> {
    const profile = this.file.profiles[name];
    return Promise.resolve(profile && structuredClone(profile));
  }

  updateProfile(
    name: string,
    changes: Partial<ProfileSettings>,
  ): Promise<ProfileSettings> {
    this.updates.push(structuredClone(changes));
    const merged = { ...this.file.profiles[name], ...changes };
    this.file.profiles[name] = structuredClone(merged);
    return Promise.resolve(structuredClone(merged));
  }

  removeProfile(name: string): Promise<boolean> {
    const had = name in this.file.profiles;
    delete this.file.profiles[name];
    return Promise.resolve(had);
  }
}

/** A SecretStore kept in memory; `writes` records every set. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly entries = new Map<string, ProfileSecrets>();
  readonly writes: ProfileSecrets[] = [];

  get(profile: string): Promise<ProfileSecrets | undefined> {
    const secrets = this.entries.get(profile);
    return Promise.resolve(secrets && { ...secrets });
  }

  set(profile: string, secrets: ProfileSecrets): Promise<void> {
    this.writes.push({ ...secrets });
    this.entries.set(profile, { ...secrets });
    return Promise.resolve();
  }

  delete(profile: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(profile));
  }
}

const plain = (text: string) => text;

/** A style with colour off, as on a terminal without colour. */
export const PLAIN_STYLE: Style = {
  bold: plain,
  dim: plain,
  green: plain,
  red: plain,
  yellow: plain,
  cyan: plain,
};

/** An Output that records every line, warning and spinner event. */
export interface RecordingOutput extends Output {
  readonly lines: string[];
  /** Everything written, one line each, for `toContain` checks. */
  text(): string;
}

export function createRecordingOutput(columns = 80): RecordingOutput {
  const lines: string[] = [];
  const spinner = (text: string): Spinner => {
    lines.push(`[spinner] ${text}`);
    return {
      update: (t) => lines.push(`[spinner] ${t}`),
      succeed: (t) => lines.push(`[succeed] ${t ?? text}`),
      fail: (t) => lines.push(`[fail] ${t ?? text}`),
      stop: () => undefined,
    };
  };

  return {
    json: false,
    verbose: false,
    columns,
    style: PLAIN_STYLE,
    lines,
    text: () => lines.join('\n'),
    line: (text = '') => lines.push(text),
    warn: (text) => lines.push(`[warn] ${text}`),
    debug: () => undefined,
    result: (value) => lines.push(`[result] ${JSON.stringify(value)}`),
    spinner,
  };
}

/** A report where every check passed. */
export function passingReport(): ChecksReport {
  return {
    ok: true,
    account: { code: 'CUK1234', name: 'Example Ltd' },
    checks: [
      { id: 'auth', ok: true },
      { id: 'account-logs', permission: 'Account | Logs | Read', ok: true },
    ],
    siemLogs: { available: true },
  };
}

/** A report that failed with `code`, as the real checks sum it up. */
export function failingReport(
  code: NonNullable<ChecksReport['error']>['code'],
  field?: string,
): ChecksReport {
  const error = {
    code,
    message: `The check failed with ${code}.`,
    hint: `Fix ${code}.`,
    ...(field === undefined ? {} : { field }),
  };
  const denied = code === 'permission_denied';
  return {
    ok: false,
    account: null,
    checks: denied
      ? [
          { id: 'auth', ok: true },
          {
            id: 'dlp',
            permission: 'Monitoring | DLP | Read',
            ok: false,
            error,
          },
        ]
      : [{ id: 'auth', ok: false, error }],
    siemLogs: null,
    error,
  };
}

/** Fake network services; every call is recorded in `calls`, in order. */
export interface FakeServices extends WizardServices {
  calls: string[];
  checked: WizardCredentials[];
  created: CreateKeysOptions[];
  pushed: { target: XdrTarget; credentials: WizardCredentials }[];
}

export function createFakeServices(
  overrides: Partial<WizardServices> = {},
): FakeServices {
  const calls: string[] = [];
  const checked: WizardCredentials[] = [];
  const created: CreateKeysOptions[] = [];
  const pushed: FakeServices['pushed'] = [];
  const discovered: DiscoveredAccount = {
    baseUrl: VALUES.baseUrl,
    region: 'eu',
    loginTypes: ['Basic-Cloud', 'Basic-AD'],
  };

  return {
    calls,
    checked,
    created,
    pushed,
    runChecks(credentials) {
      calls.push('runChecks');
      checked.push(credentials);
      const passed = Promise.resolve(passingReport());
      return overrides.runChecks?.(credentials) ?? passed;
    },
    discoverBaseUrl(email, appId) {
      calls.push('discoverBaseUrl');
      return (
        overrides.discoverBaseUrl?.(email, appId) ?? Promise.resolve(discovered)
      );
    },
    createKeys(options) {
      calls.push('createKeys');
      created.push(options);
      return overrides.createKeys?.(options) ?? Promise.resolve(CREATED_KEYS);
    },
    pushToXdr(target, credentials) {
      calls.push('pushToXdr');
      pushed.push({ target, credentials });
      return overrides.pushToXdr?.(target, credentials) ?? Promise.resolve();
    },
  };
}

/** A clock that only moves when the wizard sleeps. */
export interface FakeClock {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
}

export function createFakeClock(start = '2025-05-01T10:00:00.000Z'): FakeClock {
  let time = Date.parse(start);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(time),
    sleep: (ms) => {
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
  };
}

/** What a test sets up before a walk. */
export interface HarnessOptions {
  answers: ScriptedAnswer[];
  known?: KnownValues;
  services?: Partial<WizardServices>;
  settings?: ProfileSettings;
  secrets?: ProfileSecrets;
  reveal?: boolean;
  showRevealed?: (line: string) => void;
  clock?: FakeClock;
  profile?: string;
  /**
   * As `--api` gives it: 1.0 unless set, so the API 1.0 walks need not
   * answer the question; `undefined` makes the wizard ask.
   */
  api?: ApiVersion | undefined;
  demo?: boolean;
}

/** A wizard context made of fakes, and the fakes for assertions. */
export interface Harness {
  ctx: WizardContext;
  prompter: ScriptedPrompter;
  output: RecordingOutput;
  config: MemoryConfigStore;
  secrets: MemorySecretStore;
  services: FakeServices;
  clock: FakeClock;
  registered: Set<string>;
}

export function createHarness(options: HarnessOptions): Harness {
  const profile = options.profile ?? 'default';
  const config = new MemoryConfigStore();
  const secrets = new MemorySecretStore();
  if (options.settings) config.file.profiles[profile] = options.settings;
  if (options.secrets) secrets.entries.set(profile, options.secrets);

  const prompter = createScriptedPrompter(options.answers);
  const output = createRecordingOutput();
  const services = createFakeServices(options.services);
  const clock = options.clock ?? createFakeClock();
  const registered = new Set<string>();
  const ctx: WizardContext = {
    profile,
    prompter,
    output,
    config,
    secrets,
    known: options.known ?? {},
    policy: { allowedLoopback: new Set() },
    services,
    now: clock.now,
    sleep: clock.sleep,
    registerSecret: (value) => {
      if (value) registered.add(value);
    },
    reveal: options.reveal ?? false,
    showRevealed: options.showRevealed,
    demo: options.demo ?? false,
    api: 'api' in options ? options.api : '1.0',
  };

  return {
    ctx,
    prompter,
    output,
    config,
    secrets,
    services,
    clock,
    registered,
  };
}
