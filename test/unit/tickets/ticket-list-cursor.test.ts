import { describe, expect, it } from 'vitest';
import { decodeTicketListCursor, encodeTicketListCursor } from '../../../src/tickets/ticket-list-cursor.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('the ticket list cursor', () => {
  it.each([
    ['to the millisecond', { lastMessageAt: '2026-11-30T12:00:00.123Z', number: 1042 }],
    ['to the microsecond', { lastMessageAt: '2026-11-30T12:00:00.123456Z', number: 1 }],
    ['on a whole second', { lastMessageAt: '2026-11-30T12:00:00Z', number: 999_999_999 }],
  ])('reads back what it wrote, %s', (_name, cursor) => {
    const encoded = encodeTicketListCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTicketListCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', b64('2026-11-30T12:00:00.123Z')],
    ['no number', b64('2026-11-30T12:00:00.123Z|')],
    ['a number that is not whole', b64('2026-11-30T12:00:00.123Z|10.5')],
    ['number zero', b64('2026-11-30T12:00:00.123Z|0')],
    ['a number past the column', b64('2026-11-30T12:00:00.123Z|9999999999')],
    ['a time with an offset', b64('2026-11-30T12:00:00.123+01:00|1')],
    ['a date that does not exist', b64('2026-13-45T12:00:00.123Z|1')],
    ['nanoseconds', b64('2026-11-30T12:00:00.123456789Z|1')],
    ['a third part', b64('2026-11-30T12:00:00.123Z|1|x')],
    ['an id where the number goes', b64('2026-11-30T12:00:00.123Z|8a6c1e0e-1b7e-4a51')],
    ['too long', 'A'.repeat(101)],
  ])('refuses %s', (_name, value) => {
    expect(decodeTicketListCursor(value)).toBeNull();
  });
});
