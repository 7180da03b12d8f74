import type { ChecksReport } from '../mimecast/checks.js';
import type { Style } from './output.js';

const ID_WIDTH = 26;

/**
 * Renders the checks as lines of at most `columns` characters: one row per
 * check, and under each failure what went wrong and how to fix it.
 */
export function renderChecksTable(
  report: ChecksReport,
  style: Style,
  columns = 80,
): string[] {
  const lines: string[] = [];
  for (const check of report.checks) {
    const mark = check.ok ? style.green('✔ pass') : style.red('✖ fail');
    const label =
      check.id === 'auth' ? describeAuth(report) : (check.permission ?? '');
    lines.push(`${mark}  ${check.id.padEnd(ID_WIDTH)}${label}`);
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

/** Word-wraps `text` to `columns`, each line starting with `prefix`. */
export function indent(text: string, columns: number, prefix = '        '):
  string[] {
  const width = Math.max(20, columns - prefix.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines;
}
