// All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) name the month; Date.parse alone takes "1.5" as a date.
const HTTP_DATE_MONTH = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/;

/**
 * Reads an HTTP `Retry-After` value (delay-seconds or an HTTP date) as milliseconds from `now`.
 * Returns null when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: unknown, now: Date = new Date()): number | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!HTTP_DATE_MONTH.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
