import { describe, expect, it } from 'vitest';
import {
  duePageAction,
  isAckReply,
  looksLikeAckToken,
  newAckToken,
  nextPageAt,
  pageText,
  untemplated,
} from '../../../src/urgent-paging/urgent-page.js';

const ON_CALL = { numbers: [], emails: [], repageMinutes: 5, maxPages: 3 };

describe('isAckReply', () => {
  it.each([
    ['ACK', true],
    ['ack', true],
    ['  Ack  ', true],
    ['ACK.', true],
    ['ack!', true],
    ['ACK please', false],
    ['ack, on my way', false],
    ['acknowledged', false],
    ['', false],
    [null, false],
  ])('%j → %s', (body, expected) => {
    expect(isAckReply(body)).toBe(expected);
  });
});

describe('duePageAction and nextPageAt', () => {
  it.each([
    [0, 'page'],
    [1, 'page'],
    [2, 'page'],
    [3, 'stop'],
    [4, 'stop'],
  ] as const)('%i pages sent of 3 → %s', (pagesSent, action) => {
    expect(duePageAction({ pagesSent, onCall: ON_CALL })).toBe(action);
  });

  it('is repageMinutes after the last page, half minutes included', () => {
    const at = new Date('2026-11-30T22:00:00Z');
    expect(nextPageAt(ON_CALL, at).toISOString()).toBe('2026-11-30T22:05:00.000Z');
    expect(nextPageAt({ ...ON_CALL, repageMinutes: 0.5 }, at).toISOString()).toBe('2026-11-30T22:00:30.000Z');
  });
});

describe('pageText', () => {
  const base = {
    customer: '+48600700800',
    customerName: 'Anna',
    ticketNumber: 42,
    issue: 'Water leak',
    ackUrl: 'https://gw.test/ack/abc',
    page: 1,
  };

  it.each([
    [base, 'URGENT: Anna (+48600700800) ticket 42: Water leak Ack: https://gw.test/ack/abc or reply ACK'],
    [
      { ...base, customerName: null, page: 2 },
      'URGENT (page 2): +48600700800 ticket 42: Water leak Ack: https://gw.test/ack/abc or reply ACK',
    ],
    [{ ...base, issue: '  ' }, 'URGENT: Anna (+48600700800) ticket 42: - Ack: https://gw.test/ack/abc or reply ACK'],
    [
      { ...base, issue: 'see {{ customer_name }} {% if x %}' },
      'URGENT: Anna (+48600700800) ticket 42: see (( customer_name )) (% if x %) Ack: https://gw.test/ack/abc or reply ACK',
    ],
  ])('%#', (input, expected) => {
    expect(pageText(input)).toBe(expected);
  });

  it('shortens a long issue with three dots (an ellipsis would make the SMS UCS-2)', () => {
    const text = pageText({ ...base, issue: 'word '.repeat(100), customerName: 'N'.repeat(80) });
    expect(text).toMatch(/^URGENT: N{27}\.\.\. \(\+48600700800\) ticket 42: (word ){11}wo\.\.\. Ack: /);
    expect(text.length).toBeLessThan(200);
    expect(text).not.toContain('…');
  });
});

describe('ack tokens', () => {
  it('are random, URL-safe and recognised; only the hash is kept', () => {
    const a = newAckToken();
    const b = newAckToken();
    expect(a.token).not.toBe(b.token);
    expect(looksLikeAckToken(a.token)).toBe(true);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token);
  });

  it.each(['', 'short', 'has space in it 1234', 'x'.repeat(65), '../../etc/passwd0000'])('rejects %j', (token) => {
    expect(looksLikeAckToken(token)).toBe(false);
  });
});

describe('untemplated', () => {
  it('leaves no template syntax', () => {
    expect(untemplated('{{ a }} {%raw%}')).toBe('(( a )) (%raw%)');
  });
});
