const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]/g;

/** Each opening quote and the closing quotes that may pair with it. */
const QUOTE_PAIRS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201C': '\u201D\u201C',
  '\u201D': '\u201D',
  '\u201E': '\u201C\u201D',
  '\u2018': '\u2019\u2018',
  '\u2019': '\u2019',
  '\u201A': '\u2018\u2019',
  '\u00AB': '\u00BB',
  '\u00BB': '\u00AB',
};

/**
 * Undoes what copying from a console, a chat or a document adds to a
 * value: white space and quotes around it (straight, smart or backticks),
 * line breaks anywhere, zero-width characters and non-breaking spaces.
 */
export function cleanPastedValue(raw: string): string {
  let value = raw.replace(ZERO_WIDTH, '').replace(LINE_BREAKS, '').trim();

  for (;;) {
    const unquoted = stripQuotes(value);
    if (unquoted === value) return value;
    value = unquoted.trim();
  }
}

function stripQuotes(value: string): string {
  if (value.length < 2) return value;

  const closers = QUOTE_PAIRS[value.charAt(0)];
  const last = value.charAt(value.length - 1);
  return closers?.includes(last) ? value.slice(1, -1) : value;
}
