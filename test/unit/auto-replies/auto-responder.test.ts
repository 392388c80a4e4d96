import { describe, expect, it } from 'vitest';
import {
  looksLikeAutoResponder,
  sentInLastHour,
  type AutomatedSend,
} from '../../../src/auto-replies/auto-responder.js';

const NOW = new Date('2026-11-21T21:30:00Z');
const MINUTE = 60_000;
/** Sends newest first: [sent this long ago, answered this long after it (null: not answered)]. */
const sends = (...rows: [number, number | null][]): AutomatedSend[] =>
  rows.map(([ago, after]) => ({
    sentAt: new Date(NOW.getTime() - ago),
    answeredAt: after === null ? null : new Date(NOW.getTime() - ago + after),
  }));

describe('looksLikeAutoResponder', () => {
  it.each<[string, AutomatedSend[], boolean]>([
    ['no automated message yet', [], false],
    ['one, answered in 1 s', sends([MINUTE, 1_000]), false],
    ['two in a row, each answered in under 10 s', sends([MINUTE, 1_000], [2 * MINUTE, 9_999]), true],
    ['two, the newer answered in exactly 10 s', sends([MINUTE, 10_000], [2 * MINUTE, 1_000]), false],
    ['two, the older unanswered', sends([MINUTE, 1_000], [2 * MINUTE, null]), false],
    ['a slow answer breaks an older streak', sends([MINUTE, 60_000], [2 * MINUTE, 1_000], [3 * MINUTE, 1_000]), false],
    ['the streak is a day old', sends([24 * 60 * MINUTE, 1_000], [24 * 60 * MINUTE + MINUTE, 1_000]), false],
    // The acknowledgements go out as three at once: one reply, which a person may answer at once.
    ['a burst of three, answered in 5 s', sends([MINUTE, 5_000], [MINUTE + 1, 5_001], [MINUTE + 2, 5_002]), false],
    ['two sent 5 ms apart, each answered before the next went', sends([MINUTE, 2], [MINUTE + 5, 2]), true],
    [
      'two bursts in a row, each answered in under 10 s',
      sends([MINUTE, 2_000], [MINUTE + 1, 2_001], [3 * MINUTE, 2_000], [3 * MINUTE + 1, 2_001]),
      true,
    ],
  ])('%s: %s', (_name, given, expected) => {
    expect(looksLikeAutoResponder(given, NOW)).toBe(expected);
  });
});

describe('sentInLastHour', () => {
  it('counts only the sends of the last 60 minutes', () => {
    expect(sentInLastHour(sends([MINUTE, null], [59 * MINUTE, null], [60 * MINUTE, null]), NOW)).toBe(2);
  });

  it('counts a burst sent together (the acknowledgements) as one reply', () => {
    expect(
      sentInLastHour(sends([MINUTE, null], [MINUTE + 1, null], [MINUTE + 2, null], [30 * MINUTE, null]), NOW),
    ).toBe(2);
  });
});
