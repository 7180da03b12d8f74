import type { Output } from '../terminal/output.js';
import { MAX_COLUMNS, wrapText } from '../terminal/wrap.js';
import { formatStepHeader, type SetupStep } from './steps.js';

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

export { MAX_COLUMNS, wrapText };
