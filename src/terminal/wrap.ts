/** The widest the tool writes prose, even on a wider terminal. */
export const MAX_COLUMNS = 80;

/**
 * Word-wraps `text` so that no line passes `columns`. The first line starts
 * with `first`, the rest with as many spaces, so lists hang neatly. A word
 * longer than the width (a URL) keeps a line of its own.
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
