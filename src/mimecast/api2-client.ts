import type { Api2Credentials } from '../credentials.js';
import { silentLog } from '../terminal/debug-log.js';
import type { DebugLog } from '../terminal/debug-log.js';
import { classifyApi2Response, TokenExpiredError } from './classify.js';
import { MimecastTransport } from './client.js';
import type {
  MimecastResponse,
  MimecastTransportOptions,
} from './client.js';
import { OAuthTokenSource } from './oauth.js';
import type { TokenSource } from './oauth.js';

/** Inputs of an Api2Client. */
export interface Api2ClientOptions
  extends Omit<MimecastTransportOptions, 'baseUrl'> {
  credentials: Api2Credentials;
  /** Where bearer tokens come from; an OAuthTokenSource unless given. */
  tokens?: TokenSource;
}

/**
 * The API 2.0 client of one application: the same paths, bodies and
 * answers as API 1.0, authorised by a bearer token instead of a signature.
 * `post` throws a classified CliError: invalid_client, permission_denied,
 * rate_limited, server_error or unreachable.
 */
export class Api2Client {
  private readonly transport: MimecastTransport;
  private readonly tokens: TokenSource;
  private readonly log: DebugLog;

  constructor(options: Api2ClientOptions) {
    const transportOptions = {
      ...options,
      baseUrl: options.credentials.baseUrl,
    };
    this.transport = new MimecastTransport(transportOptions);
    this.tokens = options.tokens ?? new OAuthTokenSource(options);
    this.log = options.log ?? silentLog;
  }

  /**
   * POSTs `body` to `path` with a bearer token. A token Mimecast calls
   * expired is replaced once and the call repeated once; an expiry after
   * that is reported, not retried.
   */
  async post(path: string, body: unknown): Promise<MimecastResponse> {
    const token = await this.tokens.getToken();
    try {
      return await this.postWith(token, path, body);
    } catch (error) {
      if (!(error instanceof TokenExpiredError)) throw error;
      this.log(`POST ${path}: the access token expired; fetching a new one`);
      this.tokens.invalidate(token);
      return this.postWith(await this.tokens.getToken(), path, body);
    }
  }

  private postWith(
    token: string,
    path: string,
    body: unknown,
  ): Promise<MimecastResponse> {
    return this.transport.request({
      path,
      body,
      headers: () => ({
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      }),
      classify: classifyApi2Response,
    });
  }
}

