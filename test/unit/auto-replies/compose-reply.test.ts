import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, type AutoReplyEntry, type AutoReplyOptions } from '../../../src/auto-replies/auto-reply.js';
import { kindDefinition } from '../../../src/auto-replies/catalogue.js';
import { composeReply } from '../../../src/auto-replies/compose-reply.js';

const VALUES = {
  company_name: 'Acme',
  team_name: 'Night desk',
  customer_name: 'Ann',
  ticket_id: '',
  next_open: 'Monday at 09:00',
  business_hours: 'Mon–Fri 09:00–17:00',
  contact_page_url: 'https://acme.test/contact',
};

function entry(body: string, options: Partial<AutoReplyOptions> = {}): AutoReplyEntry {
  return {
    kind: 'after_hours_text',
    enabled: true,
    body,
    isDefaultBody: false,
    locale: 'en',
    bodies: { en: body },
    options: { ...DEFAULT_OPTIONS, ...options },
    repeatWindowHours: 12,
    whatsappTemplate: null,
    whatsappTemplates: {},
    definition: kindDefinition('after_hours_text')!,
  };
}

describe('composeReply', () => {
  it.each<[string, Partial<AutoReplyOptions>, string]>([
    ['the defaults: company prefix only', {}, 'Acme: We are closed.'],
    ['no prefix', { includeCompanyName: false }, 'We are closed.'],
    ['prefix and signature', { includeTeamName: true }, 'Acme: We are closed.\n- Night desk'],
    ['signature only', { includeCompanyName: false, includeTeamName: true }, 'We are closed.\n- Night desk'],
    ['prefix and extra message', { extraMessage: 'Urgent? Call 911.' }, 'Acme: We are closed.\nUrgent? Call 911.'],
    [
      'extra message only',
      { includeCompanyName: false, extraMessage: 'Urgent? Call 911.' },
      'We are closed.\nUrgent? Call 911.',
    ],
    [
      'prefix, signature and extra message, in that order',
      { includeTeamName: true, extraMessage: 'Urgent? Call 911.' },
      'Acme: We are closed.\n- Night desk\nUrgent? Call 911.',
    ],
    [
      'no prefix, signature and extra message',
      { includeCompanyName: false, includeTeamName: true, extraMessage: 'Bye' },
      'We are closed.\n- Night desk\nBye',
    ],
    [
      'an extra message with a placeholder',
      { extraMessage: 'More: {{ contact_page_url }}' },
      'Acme: We are closed.\nMore: https://acme.test/contact',
    ],
    ['an empty extra message', { extraMessage: '' }, 'Acme: We are closed.'],
    ['an extra message that renders to blanks', { extraMessage: '  {{ ticket_id }}  ' }, 'Acme: We are closed.'],
    ['a null extra message', { extraMessage: null }, 'Acme: We are closed.'],
  ])('%s', (_name, options, expected) => {
    expect(composeReply(entry('We are closed.', options), VALUES)).toBe(expected);
  });

  it('renders the body placeholders and trims it', () => {
    const reply = composeReply(entry('  Hi {{ customer_name }}, we open {{ next_open }}.\n'), VALUES);
    expect(reply).toBe('Acme: Hi Ann, we open Monday at 09:00.');
  });

  it('renders conditions in the body', () => {
    const body = '{% if ticket_id %}Ticket {{ ticket_id }}.{% else %}No ticket yet.{% endif %}';
    expect(composeReply(entry(body, { includeCompanyName: false }), VALUES)).toBe('No ticket yet.');
    expect(composeReply(entry(body, { includeCompanyName: false }), { ...VALUES, ticket_id: 'T-7' })).toBe(
      'Ticket T-7.',
    );
  });

  it('leaves out the prefix and signature when the names are empty', () => {
    const values = { ...VALUES, company_name: '', team_name: '' };
    expect(composeReply(entry('We are closed.', { includeCompanyName: true, includeTeamName: true }), values)).toBe(
      'We are closed.',
    );
  });

  it('trims the extra message', () => {
    expect(composeReply(entry('Closed.', { extraMessage: '\n  See you!  \n' }), VALUES)).toBe(
      'Acme: Closed.\nSee you!',
    );
  });
});

describe('composeReply: a missing value leaves no gap', () => {
  it.each([
    ['a double space', 'Pay {{ ticket_id }} now', 'Pay now'],
    ['a space before a full stop', 'A payment of 49.90 {{ ticket_id }}.', 'A payment of 49.90.'],
    ['a space before a comma and an exclamation mark', 'Hi {{ ticket_id }}, welcome {{ ticket_id }}!', 'Hi, welcome!'],
  ])('%s', (_name, body, expected) => {
    expect(composeReply(entry(body, { includeCompanyName: false }), { ...VALUES, ticket_id: '' })).toBe(expected);
  });

  it('keeps the line breaks a manager wrote', () => {
    expect(composeReply(entry('Line one.\nLine two.', { includeCompanyName: false }), VALUES)).toBe(
      'Line one.\nLine two.',
    );
  });
});
