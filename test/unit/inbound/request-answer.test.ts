import { describe, expect, it } from 'vitest';
import type { InboundMessage, OptOutKeyword } from '../../../channels/contract.js';
import { defaultText } from '../../../src/auto-replies/default-texts.js';
import { answerPlan, matchAnswer, RESOLUTION_CHOICES, type Reply } from '../../../src/inbound/request-answer.js';
import type { PendingRequest, RequestKind } from '../../../src/requests/customer-request.js';

const now = new Date('2026-11-21T21:30:00Z');
const at = now.toISOString();
const photo = [{ url: 'https://api.twilio.com/m/1', contentType: 'image/jpeg' }];

function message(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    provider: 'twilio',
    providerMessageId: 'SM1',
    channel: 'sms',
    from: '+12125550123',
    to: '+15005550006',
    body: '',
    media: [],
    profileName: null,
    waId: null,
    button: null,
    optOutKeyword: null,
    ...overrides,
  };
}
const sms = (body: string): Reply => ({ message: message({ body }), keyword: null });
const tap = (text: string, payload: string): Reply => ({
  message: message({ channel: 'whatsapp', body: text, button: { text, payload, repliedToProviderMessageId: null } }),
  keyword: null,
});
const mms = (body: string): Reply => ({ message: message({ body, media: photo }), keyword: null });

/** One pending request of every kind, the first of `newestFirst` the newest; the id is the kind. */
function pendingAll(newestFirst: readonly RequestKind[]): PendingRequest[] {
  return newestFirst.map((kind, i) => ({
    id: kind,
    kind,
    status: 'pending',
    createdAt: new Date(now.getTime() - (i + 1) * 60_000),
    expiresAt: kind === 'approval' || kind === 'payment' ? new Date(now.getTime() + 86_400_000) : null,
  }));
}

// Orders of the five pending requests, newest first.
const ORDERS = {
  resolutionNewest: ['resolution', 'rating', 'approval', 'media', 'payment'],
  ratingNewest: ['rating', 'resolution', 'approval', 'media', 'payment'],
  approvalNewest: ['approval', 'rating', 'resolution', 'payment', 'media'],
  mediaNewest: ['media', 'payment', 'approval', 'resolution', 'rating'],
  paymentNewest: ['payment', 'media', 'rating', 'resolution', 'approval'],
} as const satisfies Record<string, readonly RequestKind[]>;
type Order = keyof typeof ORDERS;

type Expected = readonly [RequestKind, string | number] | null;

// [what the customer sent, the reply, which request is newest, which request gets which answer (null: none)]
const CASES: ReadonlyArray<readonly [string, Reply, Order, Expected]> = [
  // Digits: "1"/"2" answer ask_resolved ("Reply 1 if it is, or 2 if you still need help") or a rating, whichever is newer.
  ['1', sms('1'), 'resolutionNewest', ['resolution', 'yes']],
  ['1', sms('1'), 'ratingNewest', ['rating', 1]],
  ['1', sms('1'), 'approvalNewest', ['rating', 1]], // approvals take no digits
  ['1', sms('1'), 'mediaNewest', ['resolution', 'yes']],
  ['1', sms('1'), 'paymentNewest', ['rating', 1]], // payments are settled by the provider only
  ['2', sms('2'), 'resolutionNewest', ['resolution', 'no']],
  ['2', sms('2'), 'ratingNewest', ['rating', 2]],
  ['2.', sms('2.'), 'mediaNewest', ['resolution', 'no']],
  [' 1 ', sms(' 1 '), 'resolutionNewest', ['resolution', 'yes']],
  ['1️⃣', sms('1️⃣'), 'resolutionNewest', ['resolution', 'yes']],
  // 3–5 mean nothing to ask_resolved: they go to the rating even when ask_resolved is newer.
  ['3', sms('3'), 'resolutionNewest', ['rating', 3]],
  ['5', sms('5'), 'mediaNewest', ['rating', 5]],
  // Explicit scores are ratings only.
  ['1/5', sms('1/5'), 'resolutionNewest', ['rating', 1]],
  ['1 star', sms('1 star'), 'resolutionNewest', ['rating', 1]],
  ['2 gwiazdki', sms('2 gwiazdki'), 'resolutionNewest', ['rating', 2]],
  ['4 звезды', sms('4 звезды'), 'approvalNewest', ['rating', 4]],
  ['⭐', sms('⭐'), 'resolutionNewest', ['rating', 1]],
  // Yes/no words in en / pl / ru and thumbs: approvals and ask_resolved, never a rating.
  ['yes', sms('yes'), 'resolutionNewest', ['resolution', 'yes']],
  ['yes', sms('yes'), 'ratingNewest', ['resolution', 'yes']],
  ['yes', sms('yes'), 'approvalNewest', ['approval', 'yes']],
  ['OK', sms('OK'), 'mediaNewest', ['approval', 'yes']],
  ['no', sms('no'), 'paymentNewest', ['resolution', 'no']], // payment and media take no words, nor does a rating
  ['Tak', sms('Tak'), 'ratingNewest', ['resolution', 'yes']],
  ['NIE', sms('NIE'), 'approvalNewest', ['approval', 'no']],
  ['да', sms('да'), 'mediaNewest', ['approval', 'yes']],
  ['нет', sms('нет'), 'resolutionNewest', ['resolution', 'no']],
  ['👍', sms('👍'), 'approvalNewest', ['approval', 'yes']],
  ['👎🏽', sms('👎🏽'), 'ratingNewest', ['resolution', 'no']],
  // WhatsApp buttons: the payload wins over the text, and a payload that names its question answers only that one.
  ['approval_yes', tap('Yes', 'approval_yes'), 'resolutionNewest', ['approval', 'yes']],
  ['approval_no on "Yes"', tap('Yes', 'approval_no'), 'approvalNewest', ['approval', 'no']],
  ['resolved', tap('Solved', 'resolved'), 'approvalNewest', ['resolution', 'yes']],
  ['not_resolved', tap('I still need help', 'not_resolved'), 'approvalNewest', ['resolution', 'no']],
  ['req-42:no', tap('No', 'req-42:no'), 'approvalNewest', ['approval', 'no']],
  ['rating_4', tap('Good', 'rating_4'), 'resolutionNewest', ['rating', 4]],
  ['payload 1', tap('Yes', '1'), 'resolutionNewest', ['resolution', 'yes']],
  ['payload 2', tap('No', '2'), 'ratingNewest', ['rating', 2]],
  ['unknown payload, text 2', tap('2', 'btn_17'), 'resolutionNewest', ['resolution', 'no']],
  // Media answers ask_media, whatever the caption; a caption that answers something else too goes by the newest.
  ['photo', mms(''), 'approvalNewest', ['media', 'received']],
  ['photo "here"', mms('here'), 'resolutionNewest', ['media', 'received']],
  ['photo "1"', mms('1'), 'resolutionNewest', ['resolution', 'yes']],
  ['photo "1"', mms('1'), 'mediaNewest', ['media', 'received']],
  // Not answers.
  ['a question', sms('Hi, is my order #1042 shipped yet?'), 'resolutionNewest', null],
  ['0', sms('0'), 'ratingNewest', null],
  ['6', sms('6'), 'ratingNewest', null],
  ['12', sms('12'), 'resolutionNewest', null],
  ['yes 👎', sms('yes 👎'), 'approvalNewest', null],
  ['order_5', tap('Order 5', 'order_5'), 'ratingNewest', null],
];

describe('matchAnswer: which pending request a reply answers, with one of each kind pending', () => {
  it.each(CASES.map(([name, reply, order, expected]) => [name, order, expected, reply] as const))(
    '%j with %s: %j',
    (_name, order, expected, reply) => {
      const match = matchAnswer(pendingAll(ORDERS[order]), reply, now);
      if (expected === null) {
        expect(match).toEqual({ matched: false, reason: 'not_an_answer' });
      } else {
        expect(match).toMatchObject({
          matched: true,
          reason: 'newest_pending_request_that_takes_it',
          request: { id: expected[0] },
          answer: { value: expected[1], at },
        });
      }
    },
  );

  it.each<[string, OptOutKeyword]>([
    ['STOP', 'STOP'],
    ['START', 'START'],
    ['HELP', 'HELP'],
  ])('never counts the keyword %s as an answer', (body, keyword) => {
    expect(matchAnswer(pendingAll(ORDERS.resolutionNewest), { message: message({ body }), keyword }, now)).toEqual({
      matched: false,
      reason: 'keyword',
    });
  });

  it('answers nothing when no pending request takes the reply', () => {
    expect(matchAnswer([], sms('1'), now)).toEqual({ matched: false, reason: 'no_pending_request_takes_it' });
    const onlyApprovalAndPayment = pendingAll(['approval', 'payment']);
    expect(matchAnswer(onlyApprovalAndPayment, sms('3'), now)).toEqual({
      matched: false,
      reason: 'no_pending_request_takes_it',
    });
    const onlyResolution = pendingAll(['resolution']);
    expect(matchAnswer(onlyResolution, sms('4'), now)).toEqual({
      matched: false,
      reason: 'no_pending_request_takes_it',
    });
  });

  it('skips a request that has expired, which is no longer pending', () => {
    const [approval, resolution] = pendingAll(['approval', 'resolution']);
    const expired = { ...approval!, expiresAt: now };
    expect(matchAnswer([expired, resolution!], sms('yes'), now)).toMatchObject({
      matched: true,
      request: { id: 'resolution' },
    });
  });

  it('settles an approval as approved or declined, the other kinds as answered, with the words the customer used', () => {
    expect(matchAnswer(pendingAll(['approval']), sms('Tak!'), now)).toEqual({
      matched: true,
      reason: 'newest_pending_request_that_takes_it',
      request: pendingAll(['approval'])[0],
      status: 'approved',
      answer: { value: 'yes', text: 'Tak!', at },
    });
    expect(matchAnswer(pendingAll(['approval']), sms('нет'), now)).toMatchObject({
      status: 'declined',
      answer: { value: 'no' },
    });
    expect(matchAnswer(pendingAll(['resolution']), tap('Solved', 'resolved'), now)).toMatchObject({
      status: 'answered',
      answer: { value: 'yes', text: 'Solved' },
    });
    expect(matchAnswer(pendingAll(['media']), mms('here'), now)).toMatchObject({
      status: 'answered',
      answer: { value: 'received', text: 'here', media: photo },
    });
  });

  it('does not depend on the order the store lists the requests in; same instant: the greater id, as the store orders them', () => {
    const pending = pendingAll(['resolution', 'rating']);
    expect(matchAnswer([...pending].reverse(), sms('1'), now)).toMatchObject({ request: { id: 'resolution' } });
    const same = pending.map((r) => ({ ...r, createdAt: now }));
    expect(matchAnswer(same, sms('1'), now)).toMatchObject({ request: { id: 'resolution' } }); // 'resolution' > 'rating'
  });
});

describe('answerPlan: the kinds a reply can answer (so a reply that answers nothing costs no query)', () => {
  it.each<[string, Reply, Record<string, string | number>]>([
    ['1', sms('1'), { rating: 1, resolution: 'yes' }],
    ['2', sms('2'), { rating: 2, resolution: 'no' }],
    ['3', sms('3'), { rating: 3 }],
    ['tak', sms('tak'), { approval: 'yes', resolution: 'yes' }],
    ['approval_yes', tap('Yes', 'approval_yes'), { approval: 'yes' }],
    ['not_resolved', tap('No', 'not_resolved'), { resolution: 'no' }],
    ['photo "yes"', mms('yes'), { approval: 'yes', resolution: 'yes', media: 'received' }],
  ])('%j', (_name, reply, kinds) => {
    const plan = answerPlan(reply, now)!;
    expect(Object.fromEntries(Object.entries(plan).map(([kind, p]) => [kind, p.answer.value]))).toEqual(kinds);
  });

  it('is null for a message that answers nothing, and for keywords', () => {
    expect(answerPlan(sms('Hi, is my order #1042 shipped yet?'), now)).toBeNull();
    expect(answerPlan({ message: message({ body: 'STOP' }), keyword: 'STOP' }, now)).toBeNull();
  });
});

describe('the ask_resolved default texts and the parser agree', () => {
  // What each locale's text says "1" and "2" mean; a change to a text must change this table and RESOLUTION_CHOICES together.
  it.each<[string, string, string]>([
    ['en', 'Reply 1 if it is', 'or 2 if you still need help'],
    ['pl', 'Odpisz 1, jeśli tak', 'lub 2, jeśli nadal potrzebujesz pomocy'],
    ['ru', 'Ответьте 1, если да', 'или 2, если помощь ещё нужна'],
  ])('%s: 1 is "solved", 2 is "not solved"', (locale, saysOneIsYes, saysTwoIsNo) => {
    const text = defaultText('ask_resolved', locale);
    expect(text).toContain(saysOneIsYes);
    expect(text).toContain(saysTwoIsNo);
    expect(RESOLUTION_CHOICES).toEqual({ 1: 'yes', 2: 'no' });
    expect(matchAnswer(pendingAll(['resolution', 'rating']), sms('1'), now)).toMatchObject({
      request: { id: 'resolution' },
      answer: { value: 'yes' },
    });
    expect(matchAnswer(pendingAll(['resolution', 'rating']), sms('2'), now)).toMatchObject({
      request: { id: 'resolution' },
      answer: { value: 'no' },
    });
  });

  it.each(['en', 'pl', 'ru'])(
    '%s: the rating text asks for 1 to 5 and the approval text for words, not digits',
    (locale) => {
      expect(defaultText('advisor_rating', locale)).toMatch(/1 \(.+\) .+ 5 \(/u);
      expect(defaultText('approval_request', locale)).not.toMatch(/\d/u);
    },
  );
});
