import { formatMimecastDate } from '../mimecast/signing.js';

const MONTHS = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun',
  'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];
const DATE_PATTERN =
  /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (UTC|GMT)$/;

/**
 * Reads an `x-mc-date` value such as `Tue, 24 Nov 2015 12:50:11 UTC`
 * (older clients send ` GMT`). Anything else gives undefined, including
 * an impossible date or a weekday that does not match the date.
 */
export function parseMimecastDate(value: string): Date | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;

  const [, date, month, year, hours, minutes, seconds, zone] = match;
  const parsed = new Date(
    Date.UTC(
      Number(year), MONTHS.indexOf(month ?? ''), Number(date),
      Number(hours), Number(minutes), Number(seconds),
    ),
  );
  if (Number.isNaN(parsed.getTime())) return undefined;

  const canonical = formatMimecastDate(parsed).replace(/UTC$/, zone ?? '');
  return canonical === value ? parsed : undefined;
}
