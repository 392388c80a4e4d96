/**
 * Where a page of the ticket list ends: the last listed ticket's place in the list's order (last
 * message first, then number, which is unique in a team). Clients get it opaque, as base64url of
 * "<lastMessageAt>|<number>"; the time keeps the database's microseconds, so that paging never
 * skips a ticket that differs from the last one seen by less than a millisecond.
 */
export interface TicketListCursor {
  /** The last listed ticket's last_message_at, as ISO 8601 UTC with up to 6 decimals. */
  readonly lastMessageAt: string;
  readonly number: number;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeTicketListCursor(c: TicketListCursor): string {
  return Buffer.from(`${c.lastMessageAt}|${c.number}`, 'utf8').toString('base64url');
}

/** null when `value` is not a cursor this API gave. */
export function decodeTicketListCursor(value: string): TicketListCursor | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(value)) return null;
  const [at, number, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || at === undefined || number === undefined) return null;
  if (!AT.test(at) || Number.isNaN(Date.parse(at)) || !/^[1-9]\d{0,8}$/.test(number)) return null;
  return { lastMessageAt: at, number: Number(number) };
}
