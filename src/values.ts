/**
 * The checks every value goes through where it enters: flags, variables,
 * prompt answers and the JSON on stdin. The rules live in src/values/;
 * this file is the one place the rest of the tool imports them from.
 */
export {
  ALLOWED_HOSTS_ENV,
  createHostPolicy,
  type HostPolicy,
} from './values/host-policy.js';
export { cleanPastedValue } from './values/paste.js';
export {
  checkValue,
  parseDiscoveryUrl,
  parseValue,
} from './values/parse-value.js';
export { parseEmail } from './values/email.js';
export {
  inferApiVersion,
  parseApi2Credentials,
  parseCredentials,
} from './values/parse-credentials.js';
