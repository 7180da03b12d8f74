import { isApi2Credentials } from '../credentials.js';
import type { Api2Credentials, MimecastCredentials } from '../credentials.js';
import { Api2Client } from './api2-client.js';
import { MimecastClient } from './client.js';
import type { MimecastClientOptions, MimecastResponse } from './client.js';

/** What the checks need of a client, whichever API it speaks. */
export interface ApiClient {
  post(path: string, body: unknown): Promise<MimecastResponse>;
}

/** Inputs of createApiClient: those of either client, minus the values. */
export type ApiClientOptions = Omit<MimecastClientOptions, 'credentials'>;

/**
 * The client for a set of values: the signed API 1.0 client for the five
 * 1.0 values, the bearer-token API 2.0 client for a Client ID and Secret.
 */
export function createApiClient(
  credentials: MimecastCredentials | Api2Credentials,
  options: ApiClientOptions,
): ApiClient {
  if (isApi2Credentials(credentials)) {
    return new Api2Client({ ...options, credentials });
  }
  return new MimecastClient({ ...options, credentials });
}
