/**
 * The fields of a check result before any check has run. `test`, `setup`,
 * `push` and `keys create` print them even when they fail early, so a JSON
 * consumer always finds the same keys.
 */
export function emptyTestFields(
  baseUrl: string | null = null,
  api: '1.0' | '2.0' = '1.0',
): Record<string, unknown> {
  return { api, baseUrl, account: null, checks: [], siemLogs: null };
}

/** Commands whose JSON is a check result, failures included. */
export const CHECK_RESULT_COMMANDS: ReadonlySet<string> = new Set([
  'test',
  'setup',
  'push',
  'keys create',
]);
