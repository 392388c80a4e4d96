import { describe, expect, it } from 'vitest';
import { FLOW_TEXT_KEYS, DEFAULT_AFTER_HOURS_FLOW } from '../../../src/after-hours-flow/after-hours-flow.js';
import { defaultFlowText } from '../../../src/after-hours-flow/default-flow-texts.js';
import { checkTemplate } from '../../../src/reply-templates/reply-template.js';
import { renderTemplate } from '../../../src/reply-templates/reply-template.js';
import { measureSms } from '../../../src/auto-replies/sms-segments.js';
import { placeholdersOf, flowMessage } from '../../../src/after-hours/flow-texts.js';

// Long but real values: what a customer could see.
const VALUES: Record<string, string> = {
  company_name: 'Acme Internet Services',
  team_name: 'Support',
  customer_name: 'Anna',
  ticket_id: '10423',
  next_open: 'tomorrow at 9:00 AM',
  business_hours: 'Mon-Fri 9:00 AM-5:00 PM, Sat 10:00 AM-2:00 PM',
  contact_page_url: 'https://acme.example.com/contact',
  average_response_time: 'about 20 minutes',
  sender_number: '+48600700800',
  slots:
    '1 Tomorrow, Tue 1 Dec, 09:00-10:00\n2 Tomorrow, Tue 1 Dec, 10:00-11:00\n3 Tomorrow, Tue 1 Dec, 11:00-12:00\n4 Tomorrow, Tue 1 Dec, 12:00-13:00',
  answers: '1) How do I reset my password?\nUse "Forgot password" on the sign-in page.',
  name: 'Anna Kowalska',
  phone: '+48600700800',
  slot: 'Tomorrow, Tue 1 Dec, 10:00-11:00',
  agent_name: 'Katarzyna',
};

describe('the flow’s default texts', () => {
  it.each(['en', 'pl', 'ru'] as const)('%s: every text exists and uses only its own placeholders', (locale) => {
    for (const key of FLOW_TEXT_KEYS) {
      const text = defaultFlowText(key, locale);
      expect(text.trim(), key).not.toBe('');
      expect(checkTemplate(text, placeholdersOf(key)), `${locale}.${key}`).toBeNull();
    }
  });

  it.each(FLOW_TEXT_KEYS)('en.%s stays within two GSM-7 segments with its placeholders filled', (key) => {
    const body =
      key === 'menu'
        ? flowMessage(
            { ...DEFAULT_AFTER_HOURS_FLOW, paths: { message: true, callback: true, urgent: true, faq: true } },
            'en',
            { key },
          ).body
        : defaultFlowText(key, 'en');
    const measure = measureSms(renderTemplate(body, VALUES));
    expect(measure.encoding).toBe('GSM-7');
    expect(measure.segments).toBeLessThanOrEqual(2);
  });
});
