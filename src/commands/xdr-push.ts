import type { CommandContext } from '../context.js';
import {
  isApi2Credentials,
  VALUE_LABELS,
  type RawValues,
  type ValueName,
  type XdrTarget,
} from '../credentials.js';
import { maskSecret } from '../terminal/redact.js';
import { parseValue, type HostPolicy } from '../values.js';
import { pushToXdr } from '../xdr/push.js';
import type { AnyCredentials } from './api-choice.js';
import { requireValues } from './gather-values.js';

/** The XDR endpoint and token, checked; both must be known. */
export function parseXdrTarget(
  values: RawValues,
  policy: HostPolicy,
): XdrTarget {
  requireValues(values, ['xdrEndpoint', 'xdrToken']);
  return {
    endpoint: parseValue('xdrEndpoint', values.xdrEndpoint ?? '', policy),
    token: parseValue('xdrToken', values.xdrToken ?? '', policy),
  };
}

/** Pushes the five values to XDR, with a spinner while it waits. */
export async function pushValues(
  ctx: CommandContext,
  target: XdrTarget,
  credentials: AnyCredentials,
): Promise<void> {
  const spinner = ctx.output.spinner(`Pushing to XDR at ${target.endpoint}`);
  try {
    await pushToXdr({
      target,
      credentials,
      timeoutMs: ctx.globals.timeoutMs,
      log: ctx.output.debug,
    });
    spinner.succeed(`Pushed the values to XDR at ${target.endpoint}`);
  } catch (error) {
    spinner.fail('The push to XDR failed; the stored values are unchanged.');
    throw error;
  }
}

/**
 * Lists the values in the order the XDR dashboard asks for them (five for
 * API 1.0, three for 2.0), the secrets masked to their last four characters.
 */
export function printDashboardValues(
  ctx: CommandContext,
  credentials: AnyCredentials,
): void {
  const { output } = ctx;
  output.line('Enter these in the XDR dashboard, in this order:');
  const rows: Array<[ValueName, string]> = isApi2Credentials(credentials)
    ? [
        ['clientId', credentials.clientId],
        ['clientSecret', maskSecret(credentials.clientSecret)],
        ['baseUrl', credentials.baseUrl],
      ]
    : [
        ['appId', credentials.appId],
        ['appKey', maskSecret(credentials.appKey)],
        ['accessKey', maskSecret(credentials.accessKey)],
        ['secretKey', maskSecret(credentials.secretKey)],
        ['baseUrl', credentials.baseUrl],
      ];
  rows.forEach(([name, shown], index) => {
    output.line(`  ${index + 1}. ${VALUE_LABELS[name].padEnd(16)} ${shown}`);
  });
}
