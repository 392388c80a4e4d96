import { describe, expect, it } from 'vitest';
import type { InboundMessage, OptOutKeyword } from '../../../channels/contract.js';
import { answerPlan } from '../../../src/inbound/request-answer.js';

const now = new Date('2026-11-21T21:30:00Z');
const at = now.toISOString();

function message(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    provider: 'twilio', providerMessageId: 'SM1', channel: 'sms', from: '+12125550123', to: '+15005550006', body: '',
    media: [], profileName: null, waId: null, button: null, optOutKeyword: null, ...overrides,
  };
}

describe('answerPlan', () => {
  it('answers approvals and "is it resolved?" with yes or no', () => {
    expect(answerPlan(message({ body: 'Tak' }), null, now)).toEqual({
      approval: { status: 'approved', answer: { value: 'yes', text: 'Tak', at } },
      resolution: { status: 'answered', answer: { value: 'yes', text: 'Tak', at } },
    });
    expect(answerPlan(message({ body: 'нет' }), null, now)).toMatchObject({ approval: { status: 'declined' }, resolution: { answer: { value: 'no' } } });
  });

  it('answers a rating request with the score', () => {
    expect(answerPlan(message({ body: '5' }), null, now)).toEqual({ rating: { status: 'answered', answer: { value: 5, text: '5', at } } });
  });

  it('attaches media to an ask_media request, whatever the caption says', () => {
    const media = [{ url: 'https://api.twilio.com/m/1', contentType: 'image/jpeg' }];
    expect(answerPlan(message({ body: 'here', media }), null, now)).toEqual({
      media: { status: 'answered', answer: { value: 'received', text: 'here', at, media } },
    });
    expect(Object.keys(answerPlan(message({ body: 'yes', media }), null, now)!)).toEqual(['media', 'approval', 'resolution']);
  });

  it('records the tapped button as the answer text', () => {
    const plan = answerPlan(message({ channel: 'whatsapp', body: 'Approve', button: { text: 'Approve', payload: 'approval_yes', repliedToProviderMessageId: null } }), null, now);
    expect(plan?.approval).toEqual({ status: 'approved', answer: { value: 'yes', text: 'Approve', at } });
  });

  it.each<[string, OptOutKeyword]>([['STOP', 'STOP'], ['START', 'START'], ['HELP', 'HELP']])('never counts the keyword %s as an answer', (body, keyword) => {
    expect(answerPlan(message({ body }), keyword, now)).toBeNull();
  });

  it('is null for a message that answers nothing, so no query is made', () => {
    expect(answerPlan(message({ body: 'Hi, is my order #1042 shipped yet?' }), null, now)).toBeNull();
  });
});
