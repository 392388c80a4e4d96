import { DateTime } from 'luxon';
import type { QuietHours, TimeOfDay } from '../teams/reply-ledger-policy.js';

/**
 * When the quiet hours that hold `now` end, in `zone`; null when `now` is not in quiet hours.
 * `start` after `end` spans midnight (21:00–08:00); `start` equal to `end` is no quiet hours.
 */
export function quietHoursEnd(now: Date, zone: string, quiet: QuietHours): Date | null {
  if (!quiet.enabled) return null;
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const [start, end] = [minutesOf(quiet.start), minutesOf(quiet.end)];
  if (start === end) return null;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  // The end is today when it is still ahead, else tomorrow (an evening inside 21:00–08:00).
  const endToday = local.startOf('day').set({ hour: Math.floor(end / 60), minute: end % 60 });
  return (minute < end ? endToday : endToday.plus({ days: 1 })).toJSDate();
}

function minutesOf(time: TimeOfDay): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}
