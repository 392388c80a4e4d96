import { businessMinutesBetween } from '../schedules/business-time.js';
import type { Schedule } from '../schedules/schedule.schema.js';
import type { ResponseTimesStore } from './response-times.store.js';
import { responseTimeInWords } from './response-time-words.js';
import type { TeamConfig } from './team-config.js';

/** Measured over the first responses of this many days. */
export const RESPONSE_TIME_DAYS = 30;
/** Fewer responded tickets than this say too little: the team's fallback text goes instead. */
export const MIN_RESPONSE_SAMPLES = 5;
// The newest this many first responses stand for the month: a busy team's median costs no more than a quiet one's.
const MAX_RESPONSE_SAMPLES = 1_000;
// A measured median is reused for this long: a month's median barely moves in minutes.
const CACHE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface FirstResponse {
  readonly openedAt: Date;
  readonly respondedAt: Date;
}

/**
 * The median time to first response, in business minutes on `schedule` (closed hours do not
 * count), or null with fewer than MIN_RESPONSE_SAMPLES responses. An even count takes the mean of
 * the middle two.
 */
export function medianBusinessMinutes(schedule: Schedule, responses: readonly FirstResponse[]): number | null {
  if (responses.length < MIN_RESPONSE_SAMPLES) return null;
  const minutes = responses
    .map((r) => businessMinutesBetween(schedule, r.openedAt, r.respondedAt))
    .sort((a, b) => a - b);
  const middle = Math.floor(minutes.length / 2);
  return minutes.length % 2 === 1 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
}

/** The stores the measurement reads. */
export interface AverageResponseTimeStores {
  readonly responseTimes: ResponseTimesStore;
}

// Keyed by the team's config object: a changed schedule or fallback is a new object, so never a stale text.
const measured = new WeakMap<TeamConfig, { readonly at: number; readonly median: number | null }>();

/**
 * The `average_response_time` placeholder: the team's median first response over the last
 * RESPONSE_TIME_DAYS days in business time, in words in the team's language; with too little data
 * the fallback the manager set ("" when none: a template's `{% if %}` then reads its own words).
 * One query, made only for a text that uses the placeholder, and reused for a few minutes.
 */
export async function averageResponseTime(
  stores: AverageResponseTimeStores,
  config: TeamConfig,
  now: Date,
): Promise<string> {
  const { team, schedule } = config;
  let cached = measured.get(config);
  if (!cached || now.getTime() - cached.at >= CACHE_MS || now.getTime() < cached.at) {
    const since = new Date(now.getTime() - RESPONSE_TIME_DAYS * DAY_MS);
    const responses = await stores.responseTimes.firstResponses(team.id, since, MAX_RESPONSE_SAMPLES);
    cached = { at: now.getTime(), median: medianBusinessMinutes(schedule, responses) };
    measured.set(config, cached);
  }
  if (cached.median === null) return team.settings.acknowledgements.averageResponseFallback ?? '';
  return responseTimeInWords(cached.median, team.locale);
}
