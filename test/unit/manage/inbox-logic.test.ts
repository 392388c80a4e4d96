import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Inbox's decisions, as pure functions of the browser modules (loaded by URL, typed here).
interface Message {
  id: string;
  createdAt: string;
}
interface Event {
  id?: string;
  type: string;
  at: string;
  actor: string;
  [key: string]: unknown;
}
interface Entry {
  key: string;
  at: string;
}
interface Row {
  updatedAt: string;
  lastActivityAt: string;
  events: unknown[];
}
interface WaWindow {
  open: boolean;
  closesAt: string;
}

const PANEL = path.resolve('src/manage/assets/panel');
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(PANEL, file)).href)) as T;
interface Sent {
  id: string;
  direction: 'inbound' | 'outbound';
  status: string;
  createdAt: string;
}
const { threadEntries, resumeAfter } = await load<{
  threadEntries: (m: Message[], e: Event[]) => Entry[];
  resumeAfter: (m: Sent[], now: number) => string;
}>('widgets/inbox-thread.js');
const { isNewer } = await load<{ isNewer: (row: Row, shown: Row) => boolean }>('tabs/inbox.js');
const { windowText, windowClosed } = await load<{
  windowText: (w: WaWindow | null | undefined, i18n: unknown, now: number) => string | null;
  windowClosed: (w: WaWindow | null | undefined) => boolean;
}>('widgets/inbox-reply.js');
const { createI18n } = await load<{ createI18n: (locale: string) => unknown }>('i18n.js');

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 12, minute)).toISOString();
const message = (id: string, minute: number): Message => ({ id, createdAt: at(minute) });
const event = (id: string, type: string, minute: number, data: Record<string, unknown> = {}): Event => ({
  id,
  type,
  at: at(minute),
  actor: 'system',
  ...data,
});

describe('threadEntries: messages and timeline events merged, oldest first', () => {
  it.each([
    [
      'messages and events by time',
      [message('m1', 1), message('m2', 3)],
      [event('e1', 'call', 2)],
      ['m:m1', 'e:e1', 'm:m2'],
    ],
    [
      'the opening first at the same instant, then the message, then what followed',
      [message('m1', 1)],
      [event('e2', 'reply_skipped', 1), event('e1', 'created', 1)],
      ['e:e1', 'm:m1', 'e:e2'],
    ],
    [
      'a "message" event left out: the message is on the thread',
      [message('m1', 1)],
      [event('e1', 'message', 1, { messageId: 'm1' })],
      ['m:m1'],
    ],
    [
      'a "reply_sent" event left out when its message is on the thread',
      [message('m1', 1)],
      [event('e1', 'reply_sent', 1, { messageId: 'm1', kind: 'after_hours_text' })],
      ['m:m1'],
    ],
    [
      'a "reply_sent" event kept when its message is not on the thread',
      [],
      [event('e1', 'reply_sent', 1, { messageId: 'gone' })],
      ['e:e1'],
    ],
    [
      'events of kinds this page does not know yet',
      [message('m1', 2)],
      [event('e1', 'request_answered', 1), event('e2', 'chat_changed', 3, { from: 'active', to: 'completed' })],
      ['e:e1', 'm:m1', 'e:e2'],
    ],
    ['nothing', [], [], []],
  ])('%s', (_name, messages, events, keys) => {
    expect(threadEntries(messages, events).map((e) => e.key)).toEqual(keys);
  });
});

describe('resumeAfter: the next read of the thread follows replies still in flight', () => {
  const sent = (id: string, minute: number, status: string, direction: Sent['direction'] = 'outbound'): Sent => ({
    id,
    direction,
    status,
    createdAt: at(minute),
  });
  const now = Date.parse(at(20));
  it.each([
    ['nothing read yet: from the start', [], ''],
    [
      'everything settled: after the last',
      [sent('a', 1, 'received', 'inbound'), sent('b', 2, 'delivered')],
      `${at(2)}/b`,
    ],
    [
      'a reply still sending: just before it',
      [sent('a', 11, 'received', 'inbound'), sent('b', 12, 'sending'), sent('c', 13, 'received', 'inbound')],
      `${at(11)}/a`,
    ],
    [
      'the first message in flight: from the start',
      [sent('a', 11, 'queued'), sent('b', 12, 'received', 'inbound')],
      '',
    ],
    [
      'a reply "sent" for 15 minutes or more: no longer followed',
      [sent('a', 4, 'sent'), sent('b', 5, 'received', 'inbound')],
      `${at(5)}/b`,
    ],
    ['a failed reply is final', [sent('a', 1, 'received', 'inbound'), sent('b', 19, 'failed')], `${at(19)}/b`],
    ['order by time, then id, whatever the order given', [sent('b', 2, 'read'), sent('a', 2, 'read')], `${at(2)}/b`],
  ])('%s', (_name, messages, cursor) => {
    expect(resumeAfter(messages, now)).toBe(cursor);
  });
});

describe('isNewer: a list row replaces the open ticket only when it is a later state', () => {
  const shown: Row = { updatedAt: at(5), lastActivityAt: at(5), events: [1, 2] };
  it.each([
    ['the same state', shown, false],
    ['a later update', { ...shown, updatedAt: at(6) }, true],
    ['later activity (a message)', { ...shown, lastActivityAt: at(6) }, true],
    ['one more event (a skipped reply does not move the activity)', { ...shown, events: [1, 2, 3] }, true],
    ['a row read before our own change', { ...shown, updatedAt: at(4) }, false],
    ['newer activity but an older update', { updatedAt: at(4), lastActivityAt: at(6), events: [1, 2] }, false],
  ])('%s → %s', (_name, row, expected) => {
    expect(isNewer(row, shown)).toBe(expected);
  });
});

describe('the WhatsApp window in words, and when it blocks a send', () => {
  const now = Date.parse(at(0));
  const closesIn = (minutes: number): WaWindow => ({
    open: true,
    closesAt: new Date(now + minutes * 60_000).toISOString(),
  });
  it.each([
    ['no WhatsApp history', null, null, false],
    ['an older server that does not say', undefined, null, false],
    ['closed', { open: false, closesAt: at(0) }, 'WhatsApp window closed', true],
    ['open for 5 h 20 min', closesIn(320), 'WhatsApp window open, closes in 5 h', false],
    ['open for exactly an hour', closesIn(60), 'WhatsApp window open, closes in 1 h', false],
    ['open for 59 min', closesIn(59), 'WhatsApp window open, closes in 59 min', false],
    [
      'open for seconds',
      { open: true, closesAt: new Date(now + 10_000).toISOString() },
      'WhatsApp window open, closes in 1 min',
      false,
    ],
  ])('%s', (_name, window, text, blocks) => {
    expect(windowText(window, createI18n('en'), now)).toBe(text);
    expect(windowClosed(window)).toBe(blocks);
  });

  it('says it in the panel’s language', () => {
    expect(windowText(closesIn(180), createI18n('pl'), now)).toBe('Okno WhatsApp otwarte, zamyka się za 3 godz.');
    expect(windowText({ open: false, closesAt: at(0) }, createI18n('ru'), now)).toBe('Окно WhatsApp закрыто');
  });
});
