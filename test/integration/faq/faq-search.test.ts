import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaqService } from '../../../src/faq/faq.service.js';
import { storeSetTransactor } from '../../../src/store-set.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface MatchView {
  id: string;
  question: string;
  locale: string;
  rank: number;
}

describe('FAQ search: full text in each entry language', () => {
  let gw: TestGateway;
  let en: string;
  let ru: string;
  let pl: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-30T22:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    en = await gw.newTeam({ locale: 'en' });
    ru = await gw.newTeam({ locale: 'ru' });
    pl = await gw.newTeam({ locale: 'pl' });
    const add = async (key: string, team: string, body: object) => {
      const res = await gw.api('post', `/api/teams/${team}/faq`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id as string;
    };
    await add('reset', en, {
      question: 'How do I reset my password?',
      answer: 'Click "Forgot password" on the sign-in page and follow the link we email you.',
      keywords: ['login'],
    });
    await add('email', en, {
      question: 'How do I change my email address?',
      answer: 'Open Settings, then Account. You will need your current password.',
    });
    await add('hours', en, { question: 'What are your opening hours?', answer: 'Monday to Friday, 9 am to 5 pm.' });
    await add('shipping', en, {
      question: 'Do you ship abroad?',
      answer: 'We ship to every country in the European Union.',
      keywords: ['delivery', 'international'],
    });
    await add('ru-reset', ru, {
      question: 'Как сбросить пароль?',
      answer: 'Нажмите «Забыли пароль» на странице входа.',
    });
    await add('ru-hours', ru, { question: 'Когда вы работаете?', answer: 'С понедельника по пятницу, с 9 до 18.' });
    await add('pl-reset', pl, {
      question: 'Jak zresetować hasło?',
      answer: 'Kliknij „Nie pamiętam hasła” na stronie logowania.',
      keywords: ['logowanie'],
    });
    await add('pl-hours', pl, { question: 'Godziny otwarcia', answer: 'Od poniedziałku do piątku, 9–17.' });
  });
  afterAll(async () => {
    await gw.close();
  });

  // As the administrator: roles are the API test's business.
  const search = async (team: string, q: string): Promise<MatchView[]> => {
    const res = await gw.api('get', `/api/teams/${team}/faq/search?q=${encodeURIComponent(q)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as MatchView[];
  };
  const found = async (team: string, q: string): Promise<string[]> => {
    const byId = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
    return (await search(team, q)).map((m) => byId[m.id]!);
  };

  it('indexes each entry with its language: english, russian, and simple for Polish', async () => {
    const rows = await gw.testDb
      .db('faq_entries')
      .distinct<Array<{ locale: string; search_config: string }>>('locale', 'search_config');
    expect(Object.fromEntries(rows.map((r) => [r.locale, r.search_config]))).toEqual({
      en: 'english',
      ru: 'russian',
      pl: 'simple',
    });
  });

  it.each<[string, string, string[]]>([
    ['a whole question in other words', 'how do I reset my password', ['reset', 'email']],
    ['a plural', 'passwords', ['reset', 'email']],
    ['another form of the verb', 'resetting', ['reset']],
    ['a keyword', 'I cannot log in, login fails', ['reset']],
    ['a word of the answer only', 'international delivery to Europe', ['shipping']],
    ['capitals and punctuation', 'OPENING HOURS???', ['hours', 'email']], // and "Open Settings" after it
  ])('English: %s finds the entry, stemmed (%s)', async (_name, q, expected) => {
    expect(await found(en, q)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['пароль', ['ru-reset']],
    ['пароля', ['ru-reset']],
    ['забыл паролем', ['ru-reset']],
    ['Как сбросить?', ['ru-reset']],
    ['когда работает поддержка', ['ru-hours']],
  ])('Russian: %s finds the entry in any form', async (q, expected) => {
    expect(await found(ru, q)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['hasło', ['pl-reset']],
    ['zapomniałem hasła', ['pl-reset']], // the form the answer uses
    ['jak zresetować', ['pl-reset']],
    ['GODZINY', ['pl-hours']],
    ['hasłem', []], // simple: exact word forms only, no stemming for Polish
  ])('Polish: %s (exact words, simple)', async (q, expected) => {
    expect(await found(pl, q)).toEqual(expected);
  });

  it('ranks the better match first: the question and keywords weigh more than the answer', async () => {
    const matches = await search(en, 'password');
    expect(matches.map((m) => m.id)).toEqual([ids.reset, ids.email]); // in the question vs in the answer only
    expect(matches[0]!.rank).toBeGreaterThan(matches[1]!.rank);
    expect(matches[1]!.rank).toBeGreaterThan(0);
    // Matching more of the words ranks higher, whatever the order of creation.
    expect(await found(en, 'change email password')).toEqual(['email', 'reset']);
  });

  it('returns at most three entries, best first', async () => {
    const team = await gw.newTeam({ locale: 'en' });
    for (const n of [1, 2, 3, 4, 5]) {
      await gw
        .api('post', `/api/teams/${team}/faq`)
        .send({ question: `Account question ${n}`, answer: n === 5 ? 'Your account, account settings.' : 'Yes.' })
        .expect(201);
    }
    const matches = await search(team, 'account');
    expect(matches).toHaveLength(3);
    expect(matches[0]!.question).toBe('Account question 5');
    expect(matches.map((m) => m.rank)).toEqual([...matches.map((m) => m.rank)].sort((a, b) => b - a));
  });

  it('finds nothing for unrelated text, stop words only or no words at all', async () => {
    expect(await search(en, 'banana smoothie recipe')).toEqual([]);
    expect(await search(en, 'the and of')).toEqual([]);
    expect(await search(ru, 'банан и молоко')).toEqual([]);
    expect(await search(pl, 'przepis na koktajl bananowy')).toEqual([]);
    expect(await search(pl, 'jak to zrobić na czas do')).toEqual([]); // simple: common words are left out
    expect(await search(en, '?! …')).toEqual([]);
  });

  it('refuses an empty or missing query, and unknown query fields', async () => {
    const empty = await gw.api('get', `/api/teams/${en}/faq/search?q=%20`).expect(422);
    expect(empty.body.error).toMatchObject({ code: 'invalid_value', field: 'q' });
    expect((await gw.api('get', `/api/teams/${en}/faq/search`).expect(400)).body.error).toMatchObject({ field: 'q' });
    await gw.api('get', `/api/teams/${en}/faq/search?q=x&limit=9`).expect(400);
  });

  it('reindexes an entry whose text or language changes', async () => {
    const team = await gw.newTeam({ locale: 'en' });
    const body = { question: 'Как сбросить пароль?', answer: 'Нажмите «Забыли пароль».' };
    const entry = (await gw.api('post', `/api/teams/${team}/faq`).send(body).expect(201)).body as { id: string };
    expect(await search(team, 'пароля')).toEqual([]); // indexed as English: Russian words stay whole
    await gw
      .api('put', `/api/teams/${team}/faq/${entry.id}`)
      .send({ ...body, locale: 'ru' })
      .expect(200);
    expect((await search(team, 'пароля')).map((m) => m.id)).toEqual([entry.id]);
    await gw
      .api('put', `/api/teams/${team}/faq/${entry.id}`)
      .send({ question: 'Opening hours', answer: 'Nine to five.', locale: 'en' })
      .expect(200);
    expect(await search(team, 'пароля')).toEqual([]);
    expect((await search(team, 'open')).map((m) => m.id)).toEqual([entry.id]);
  });

  it("searches only the team's own entries", async () => {
    expect(await search(ru, 'password')).toEqual([]);
    expect(await search(en, 'пароль')).toEqual([]);
  });

  it('is callable from a service and from inside a transaction with its own stores', async () => {
    const transact = storeSetTransactor(gw.testDb.db);
    const service = new FaqService(transact, gw.clock);
    expect((await service.search(en, 'forgotten passwords')).map((m) => m.id)).toEqual([ids.reset, ids.email]);
    expect((await service.search(en, 'password', 1)).map((m) => m.id)).toEqual([ids.reset]);
    const inside = await transact(async (s) => {
      const matches = await s.faq.search(ru, 'не помню пароля', 3);
      return { matches, team: await s.teams.get(ru) };
    });
    expect(inside.team).not.toBeNull();
    expect(inside.matches.map((m) => [m.id, m.question])).toEqual([[ids['ru-reset'], 'Как сбросить пароль?']]);
  });
});
