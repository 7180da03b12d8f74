import type { Output } from '../terminal/output.js';
import { formatStepHeader, type SetupStep } from './steps.js';

/** The widest the wizard writes, even on a wider terminal. */
export const MAX_COLUMNS = 80;

/**
 * Word-wraps `text` so that no line passes `columns`. The first line starts
 * with `first`, the rest with as many spaces, so lists hang neatly.
 */
export function wrapText(text: string, columns: number, first = ''): string[] {
  const hang = ' '.repeat(first.length);
  const width = Math.max(20, columns - first.length);
  const lines: string[] = [];
  let line = '';

  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);

  return lines.map((l, i) => (i === 0 ? first : hang) + l);
}

/** How many values there are, in words: five for 1.0, three for 2.0. */
export function numberWord(count: number): string {
  return count === 3 ? 'three' : count === 5 ? 'five' : String(count);
}

/** The width to wrap at on this output. */
export function widthOf(output: Output): number {
  return Math.min(output.columns, MAX_COLUMNS);
}

/** Writes `text` wrapped to the output's width. */
export function writeWrapped(output: Output, text: string, first = ''): void {
  for (const line of wrapText(text, widthOf(output), first)) {
    output.line(line);
  }
}

/**
 * Writes a step's header, why it matters, and what to do in the console.
 * `total` is the number of steps in the walk.
 */
export function writeStep(
  output: Output,
  step: SetupStep,
  total: number,
): void {
  const { style } = output;

  output.line();
  output.line(style.bold(formatStepHeader(step, total)));
  writeWrapped(output, step.why);

  output.line();
  writeWrapped(output, step.consolePath, 'Where:  ');
  for (const setting of step.settings) {
    const nested = setting.startsWith('  ');
    writeWrapped(output, setting.trim(), nested ? '    - ' : '  - ');
  }
  if (step.copy) writeWrapped(output, step.copy, 'Copy:   ');

  for (const note of step.notes) {
    output.line();
    writeWrapped(output, note, 'Note:   ');
  }
}
