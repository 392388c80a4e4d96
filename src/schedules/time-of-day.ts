export const MINUTES_PER_DAY = 24 * 60;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_OF_DAY = '24:00';

/** Minutes after midnight for a start time "HH:MM" (00:00–23:59), or null when it is not one. */
export function parseStartTime(text: string): number | null {
  const match = TIME_OF_DAY.exec(text);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Like parseStartTime, but "24:00" (end of day) is also accepted. */
export function parseEndTime(text: string): number | null {
  return text === END_OF_DAY ? MINUTES_PER_DAY : parseStartTime(text);
}

/** An interval whose end is before its start runs past midnight into the next day. */
export function isOvernight(startMinutes: number, endMinutes: number): boolean {
  return endMinutes < startMinutes;
}
