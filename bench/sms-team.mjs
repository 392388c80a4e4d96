// The team the SMS phases (smoke, warmup, fixed-rate, throughput) send their webhooks to.

export const TEAM_NUMBER = '+15005550006';

/** Always closed, so every inbound SMS gets `after_hours_text`, each its own reply. */
export async function createSmsTeam(gw) {
  const team = await gw.api('POST', '/api/teams', {
    name: 'Bench support',
    companyName: 'Bench Inc',
    timezone: 'UTC',
    locale: 'en',
    numbers: [TEAM_NUMBER],
  });
  // No opening hours at all: every inbound SMS is after hours and gets `after_hours_text`.
  await gw.api('PUT', `/api/teams/${team.id}/schedule`, { timezone: 'UTC', weekly: {}, exceptions: [] });
  // Window 0: every message gets its own reply, not one per customer per 12 h.
  const entry = await gw.api('PUT', `/api/teams/${team.id}/auto-replies/after_hours_text`, {
    enabled: true,
    repeatWindowHours: 0,
  });
  if (!entry?.enabled || entry.repeatWindowHours !== 0)
    throw new Error(`after_hours_text not configured as asked: ${JSON.stringify(entry)}`);
  return team;
}
