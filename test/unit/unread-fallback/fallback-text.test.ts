import { describe, expect, it } from 'vitest';
import { fallbackEmail, fallbackText } from '../../../src/unread-fallback/fallback-text.js';

describe('fallbackText', () => {
  it.each([
    ['en', 1, 'You have 1 new reply on your request #7:'],
    ['en', 3, 'You have 3 new replies on your request #7:'],
    ['pl', 1, 'Masz 1 nową odpowiedź w sprawie #7:'],
    ['pl', 3, 'Masz 3 nowe odpowiedzi w sprawie #7:'],
    ['pl', 5, 'Masz 5 nowych odpowiedzi w sprawie #7:'],
    ['pl', 12, 'Masz 12 nowych odpowiedzi w sprawie #7:'],
    ['ru', 1, 'У вас 1 новый ответ по обращению #7:'],
    ['ru', 2, 'У вас 2 новых ответа по обращению #7:'],
    ['ru', 11, 'У вас 11 новых ответов по обращению #7:'],
    ['de', 2, 'You have 2 new replies on your request #7:'],
  ] as const)('%s, %i replies', (locale, n, headline) => {
    const replies = Array.from({ length: n }, (_, i) => ({ body: `reply ${i + 1}` }));
    const text = fallbackText(replies, 7, locale, 200);
    expect(text.split('\n')[0]).toBe(headline);
    expect(text.split('\n')).toHaveLength(n + 1);
  });

  it('quotes each reply on one line, shortened with three dots', () => {
    const text = fallbackText([{ body: 'Hello\n\nthere' }, { body: 'x'.repeat(300) }], 7, 'en', 20);
    expect(text.split('\n').slice(1)).toEqual(['"Hello there"', `"${'x'.repeat(17)}..."`]);
  });

  it('names the ticket in the email subject, so that a reply can be threaded', () => {
    const mail = fallbackEmail(
      [{ body: 'Your parcel left today.' }],
      { id: 'tk-1', number: 42 },
      {
        locale: 'en',
        companyName: 'Acme',
      },
    );
    expect(mail.subject).toBe('Acme: new replies on your request #42 [ticket:tk-1]');
    expect(mail.text).toContain('"Your parcel left today."');
  });
});
