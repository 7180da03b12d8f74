/**
 * The five API 1.0 values the Barracuda XDR dashboard asks for, in its
 * order, and the names the tool uses for them everywhere: flags,
 * environment, JSON, storage.
 */
export interface MimecastCredentials {
  appId: string;
  appKey: string;
  accessKey: string;
  secretKey: string;
  /** The regional API origin, such as `https://eu-api.mimecast.com`. */
  baseUrl: string;
}

/**
 * The three values of an API 2.0 application. The Client ID and Client
 * Secret are exchanged for a short-lived bearer token on every run.
 */
export interface Api2Credentials {
  clientId: string;
  clientSecret: string;
  /** An API 2.0 origin, such as `https://api.services.mimecast.com`. */
  baseUrl: string;
}

/** Which Mimecast API a tenant's values are for. */
export type ApiVersion = '1.0' | '2.0';

/** True for API 2.0 values, told apart from API 1.0 ones by their fields. */
export function isApi2Credentials(
  credentials: MimecastCredentials | Api2Credentials,
): credentials is Api2Credentials {
  return 'clientId' in credentials;
}

/** The API version a set of parsed values is for. */
export function apiVersionOf(
  credentials: MimecastCredentials | Api2Credentials,
): ApiVersion {
  return isApi2Credentials(credentials) ? '2.0' : '1.0';
}

/** Where the five values are pushed, and the bearer token that allows it. */
export interface XdrTarget {
  endpoint: string;
  token: string;
}

/** Every value a command may need, each possibly not known yet. */
export interface RawValues {
  appId?: string | undefined;
  appKey?: string | undefined;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  baseUrl?: string | undefined;
  xdrEndpoint?: string | undefined;
  xdrToken?: string | undefined;
}

export type ValueName = keyof RawValues;

/** Values that must never be printed, logged, stored in config or in argv. */
export const SECRET_VALUE_NAMES = [
  'appKey',
  'accessKey',
  'secretKey',
  'clientSecret',
  'xdrToken',
] as const satisfies readonly ValueName[];

export type SecretValueName = (typeof SECRET_VALUE_NAMES)[number];

/** How each value is named for a person, in the dashboard's words. */
export const VALUE_LABELS: Record<ValueName, string> = {
  appId: 'Application ID',
  appKey: 'Application Key',
  accessKey: 'Access Key',
  secretKey: 'Secret Key',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  baseUrl: 'Base URL',
  xdrEndpoint: 'XDR integration endpoint',
  xdrToken: 'XDR API token',
};

/** The environment variable that supplies each value. */
export const VALUE_ENV_VARS: Record<ValueName, string> = {
  appId: 'MIMECAST_APP_ID',
  appKey: 'MIMECAST_APP_KEY',
  accessKey: 'MIMECAST_ACCESS_KEY',
  secretKey: 'MIMECAST_SECRET_KEY',
  clientId: 'MIMECAST_CLIENT_ID',
  clientSecret: 'MIMECAST_CLIENT_SECRET',
  baseUrl: 'MIMECAST_BASE_URL',
  xdrEndpoint: 'MIMECAST_XDR_ENDPOINT',
  xdrToken: 'MIMECAST_XDR_TOKEN',
};

/** The flag that supplies each non-secret value; secrets have none. */
export const VALUE_FLAGS: Partial<Record<ValueName, string>> = {
  appId: '--app-id',
  clientId: '--client-id',
  baseUrl: '--base-url',
  xdrEndpoint: '--xdr-endpoint',
};
