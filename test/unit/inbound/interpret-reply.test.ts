import { describe, expect, it } from 'vitest';
import {
  interpretPayload,
  interpretReply,
  interpretText,
  type ReplyMeaning,
} from '../../../src/inbound/interpret-reply.js';

const yes: ReplyMeaning = { type: 'yes_no', value: 'yes' };
const no: ReplyMeaning = { type: 'yes_no', value: 'no' };
const rating = (value: 1 | 2 | 3 | 4 | 5): ReplyMeaning => ({ type: 'rating', value });
const digit = (value: 1 | 2 | 3 | 4 | 5): ReplyMeaning => ({ type: 'digit', value });
const about = (meaning: ReplyMeaning, topic: 'approval' | 'resolution'): ReplyMeaning =>
  ({ ...meaning, about: topic }) as ReplyMeaning;

describe('interpretText: yes and no', () => {
  it.each<[string, ReplyMeaning]>([
    // English
    ['yes', yes],
    ['YES', yes],
    ['Yes.', yes],
    ['yes!!', yes],
    ['  y  ', yes],
    ['Y', yes],
    ['ok', yes],
    ['OK!', yes],
    ['okay', yes],
    ['sure', yes],
    ['Sure thing'.slice(0, 4), yes],
    ['yep', yes],
    ['Yeah', yes],
    ['no', no],
    ['No.', no],
    ['n', no],
    ['N', no],
    ['nope', no],
    ['NOPE!', no],
    // Polish
    ['tak', yes],
    ['Tak!', yes],
    ['TAK.', yes],
    ['nie', no],
    ['Nie.', no],
    ['NIE!!!', no],
    // Russian
    ['да', yes],
    ['Да', yes],
    ['ДА!', yes],
    ['нет', no],
    ['Нет.', no],
    ['НЕТ', no],
    // diacritics and accents do not matter
    ['yés', yes],
    ['tàk', yes],
    ['ñó', no],
    // emoji, with or without skin tones and words
    ['👍', yes],
    ['👍🏽', yes],
    ['👍👍', yes],
    ['👎', no],
    ['👎🏿', no],
    ['yes 👍', yes],
    ['нет 👎', no],
    ['👍!', yes],
    // surrounding punctuation and quotes
    ['"yes"', yes],
    ['¡no!', no],
    ['...tak...', yes],
  ])('%j is %j', (text, meaning) => {
    expect(interpretText(text)).toEqual(meaning);
  });
});

describe('interpretText: bare digits (a score or a numbered choice, by the question)', () => {
  it.each<[string, ReplyMeaning]>([
    ['1', digit(1)],
    ['2', digit(2)],
    ['5', digit(5)],
    [' 3 ', digit(3)],
    ['4!', digit(4)],
    ['5.', digit(5)],
    ['1️⃣', digit(1)],
    ['5️⃣', digit(5)],
  ])('%j is %j', (text, meaning) => {
    expect(interpretText(text)).toEqual(meaning);
  });
});

describe('interpretText: ratings', () => {
  it.each<[string, ReplyMeaning]>([
    ['5/5', rating(5)],
    ['4 / 5', rating(4)],
    ['2/5', rating(2)],
    ['4 stars', rating(4)],
    ['1 star', rating(1)],
    ['5 Stars!', rating(5)],
    ['3 gwiazdki', rating(3)],
    ['5 gwiazdek', rating(5)],
    ['5 звезд', rating(5)],
    ['4 звезды', rating(4)],
    ['5 звёзд', rating(5)],
    ['⭐⭐⭐', rating(3)],
    ['⭐⭐⭐⭐⭐', rating(5)],
    ['★★', rating(2)],
  ])('%j is %j', (text, meaning) => {
    expect(interpretText(text)).toEqual(meaning);
  });
});

describe('interpretText: not answers', () => {
  it.each([
    '',
    '   ',
    '!!!',
    'yes please call me',
    'no idea what you mean',
    'Hi, is my order #1042 shipped yet?',
    'not really',
    'maybe',
    'yes no',
    'yes 👎',
    '👍👎',
    '0',
    '6',
    '10',
    '55',
    '3.5',
    '6/5',
    '5/10',
    '0 stars',
    '⭐⭐⭐⭐⭐⭐',
    'yess',
    'noo',
    'nothing',
    'stop',
    'tak tak',
    'ok 5',
    'да нет',
  ])('%j is not an answer', (text) => {
    expect(interpretText(text)).toBeNull();
  });
});

describe('interpretPayload', () => {
  it.each<[string, ReplyMeaning | null]>([
    ['yes', yes],
    ['NO', no],
    ['req-42:no', no],
    ['tak', yes],
    ['нет', no],
    ['ok', yes],
    // A payload that names its question answers only that question.
    ['approve', about(yes, 'approval')],
    ['approval_yes', about(yes, 'approval')],
    ['approval_no', about(no, 'approval')],
    ['decline', about(no, 'approval')],
    ['declined', about(no, 'approval')],
    ['resolved', about(yes, 'resolution')],
    ['not_resolved', about(no, 'resolution')],
    ['req42_not_resolved', about(no, 'resolution')],
    ['ticket-7.resolved', about(yes, 'resolution')],
    ['resolution_yes', about(yes, 'resolution')],
    ['resolved_no', about(no, 'resolution')],
    ['rating_5', rating(5)],
    ['rate-3', rating(3)],
    ['5', digit(5)],
    ['1', digit(1)],
    ['4_stars', rating(4)],
    ['score_1', rating(1)],
    ['order_5', null],
    ['appt_1042_reschedule', null],
    ['', null],
    ['rating_6', null],
    ['yes_please', null],
  ])('%j is %j', (payload, meaning) => {
    expect(interpretPayload(payload)).toEqual(meaning);
  });
});

describe('interpretReply: the button payload wins over the text', () => {
  it.each<[string, { text: string; payload: string } | null, ReplyMeaning | null]>([
    ['Yes', { text: 'Yes', payload: 'approval_no' }, about(no, 'approval')],
    ['Approve', { text: 'Approve', payload: 'approval_yes' }, about(yes, 'approval')],
    ['Tak', { text: 'Tak', payload: 'resolved' }, about(yes, 'resolution')],
    ['1', { text: '1', payload: 'btn_1' }, digit(1)],
    ['Rate us', { text: 'Rate us', payload: 'rating_4' }, rating(4)],
    // An unknown payload falls back to the button's text, then the body.
    ['Tak', { text: 'Tak', payload: 'btn_17' }, yes],
    ['Reschedule', { text: 'Reschedule', payload: 'appt_1042_reschedule' }, null],
    ['nie', null, no],
  ])('%j with button %j is %j', (body, button, meaning) => {
    expect(interpretReply({ body, button })).toEqual(meaning);
  });
});
