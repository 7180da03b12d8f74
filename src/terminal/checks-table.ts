import type { ChecksReport } from '../mimecast/checks.js';
import type { Style } from './output.js';
import { MAX_COLUMNS, wrapText } from './wrap.js';

const ID_WIDTH = 26;
/** Where the label starts: the mark, two spaces and the id column. */
const LABEL_COLUMN = 6 + 2 + ID_WIDTH;

/**
 * Renders the checks as lines of at most `columns` characters: one row per
 * check, and under each failure what went wrong and how to fix it.
 */
export function renderChecksTable(
  report: ChecksReport,
  style: Style,
  width = MAX_COLUMNS,
): string[] {
  const columns = Math.min(width, MAX_COLUMNS);
  const lines: string[] = [];
  for (const check of report.checks) {
    const mark = check.ok ? style.green('✔ pass') : style.red('✖ fail');
    const label =
      check.id === 'auth' ? describeAuth(report) : (check.permission ?? '');
    const lead = `${mark}  ${check.id.padEnd(ID_WIDTH)}`;
    const [first = '', ...rest] = wrapText(label, columns - LABEL_COLUMN);
    lines.push(lead + first);
    lines.push(...rest.map((line) => ' '.repeat(LABEL_COLUMN) + line));
    if (!check.ok && check.error) {
      lines.push(...indent(check.error.message, columns));
      lines.push(...indent(`Fix: ${check.error.hint}`, columns));
    }
  }
  lines.push(...describeSiemLogs(report, columns));
  return lines;
}

function describeAuth(report: ChecksReport): string {
  const auth = report.checks.find((check) => check.id === 'auth');
  if (!auth?.ok) return 'signed API call';
  if (!report.account) return 'signed API call accepted';
  return `signed in to ${report.account.code} ${report.account.name}`.trim();
}

function describeSiemLogs(report: ChecksReport, columns: number): string[] {
  if (report.siemLogs === null) return [];
  if (report.siemLogs.available) {
    return ['SIEM log data is available: Enhanced Logging is producing logs.'];
  }
  return indent(
    'No SIEM log data yet. With Enhanced Logging on, log files appear about ' +
      'every 30 minutes; if none come, check step 8 of setup.',
    columns,
    '',
  );
}

/** Word-wraps `text` to `columns`, every line starting with `prefix`. */
export function indent(text: string, columns: number, prefix = '        '):
  string[] {
  return wrapText(text, Math.min(columns, MAX_COLUMNS) - prefix.length).map(
    (line) => prefix + line,
  );
}
