import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAQ_ENTRIES } from '../../../src/faq/faq-entry.js';
import type { AuditEntryView } from '../../helpers/audit-entry-view.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface FaqView {
  id: string;
  question: string;
  answer: string;
  keywords: string[];
  locale: string;
  createdAt: string;
  updatedAt: string;
}

const RESET = {
  question: 'How do I reset my password?',
  answer: 'Use "Forgot password" on the sign-in page; the link arrives within a minute.',
  keywords: ['password', 'login'],
};

describe('Management API: the FAQ', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;
  let otherTeam: string;
  let stranger: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-30T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.newTeam({ locale: 'pl' });
    manager = await tokenFor(teamId, 'manager');
    agent = await tokenFor(teamId, 'agent');
    otherTeam = await gw.newTeam();
    stranger = await tokenFor(otherTeam, 'manager');
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  const create = (body: unknown, token = manager, team = teamId) =>
    gw.api('post', `/api/teams/${team}/faq`, token).send(body as object);
  const put = (id: string, body: unknown, token = manager, team = teamId) =>
    gw.api('put', `/api/teams/${team}/faq/${id}`, token).send(body as object);
  const list = async (token = agent, team = teamId): Promise<FaqView[]> =>
    (await gw.api('get', `/api/teams/${team}/faq`, token).expect(200)).body as FaqView[];
  const audit = async (): Promise<AuditEntryView[]> =>
    (await gw.api('get', `/api/teams/${teamId}/audit?limit=500`).expect(200)).body as AuditEntryView[];

  it('creates, lists, replaces and deletes an entry, auditing each change', async () => {
    const res = await create({ ...RESET, locale: 'en' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const entry = res.body as FaqView;
    expect(entry).toEqual({
      id: expect.any(String),
      ...RESET,
      locale: 'en',
      createdAt: '2026-11-30T10:00:00.000Z',
      updatedAt: '2026-11-30T10:00:00.000Z',
    });
    // No locale: the team's (pl); no keywords: none. The list is oldest first.
    gw.clock.advance(1_000);
    const hours = (await create({ question: 'Godziny otwarcia?', answer: 'Pn–pt 9–17.' }).expect(201)).body as FaqView;
    expect(hours).toMatchObject({ locale: 'pl', keywords: [] });
    expect(await list()).toEqual([entry, hours]);

    gw.clock.advance(60_000);
    const replaced = await put(entry.id, { question: 'How do I change my password?', answer: 'In Settings.' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    // The whole entry: keywords left out are none now; a locale left out stays the entry's.
    expect(replaced.body).toEqual({
      ...entry,
      question: 'How do I change my password?',
      answer: 'In Settings.',
      keywords: [],
      locale: 'en',
      updatedAt: '2026-11-30T10:01:01.000Z',
    });
    expect((await put(entry.id, { ...RESET, locale: 'ru' }).expect(200)).body).toMatchObject({
      ...RESET,
      locale: 'ru',
    });

    await gw.api('delete', `/api/teams/${teamId}/faq/${hours.id}`, manager).expect(204);
    expect((await list()).map((e) => e.id)).toEqual([entry.id]);
    await gw.api('delete', `/api/teams/${teamId}/faq/${hours.id}`, manager).expect(404);

    const entries = (await audit()).filter((e) => e.action.startsWith('faq.')).reverse();
    expect(entries.map((e) => [e.action, e.subject])).toEqual([
      ['faq.created', entry.id],
      ['faq.created', hours.id],
      ['faq.updated', entry.id],
      ['faq.updated', entry.id],
      ['faq.deleted', hours.id],
    ]);
    expect(entries[0]!.actor).toMatch(/^manager:/);
    expect(entries[2]!.before).toMatchObject({ question: RESET.question });
    expect(entries[2]!.after).toMatchObject({ question: 'How do I change my password?' });
    expect(entries[4]!.after).toBeNull();

    await gw.api('delete', `/api/teams/${teamId}/faq/${entry.id}`, manager).expect(204);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an empty question', { ...RESET, question: '' }, 'invalid_value', 'question'],
    ['a question over 300 characters', { ...RESET, question: 'q'.repeat(301) }, 'invalid_value', 'question'],
    ['an empty answer', { ...RESET, answer: '' }, 'invalid_value', 'answer'],
    ['a whitespace-only answer', { ...RESET, answer: '  \n ' }, 'invalid_value', 'answer'],
    ['an answer over 2000 characters', { ...RESET, answer: 'a'.repeat(2001) }, 'invalid_value', 'answer'],
    ['21 keywords', { ...RESET, keywords: Array.from({ length: 21 }, (_, i) => `k${i}`) }, 'invalid_value', 'keywords'],
    ['an empty keyword', { ...RESET, keywords: ['reset', ''] }, 'invalid_value', 'keywords.1'],
    ['a keyword over 50 characters', { ...RESET, keywords: ['k'.repeat(51)] }, 'invalid_value', 'keywords.0'],
    ['a locale we do not speak', { ...RESET, locale: 'de' }, 'invalid_value', 'locale'],
    ['an unknown field', { ...RESET, tags: ['x'] }, 'unknown_field', 'tags'],
  ])('refuses %s with a 422 naming the field, on POST and PUT', async (_name, body, code, field) => {
    const posted = await create(body);
    expect(posted.status, JSON.stringify(posted.body)).toBe(422);
    expect(posted.body.error).toEqual({ code, message: expect.stringContaining(field), field });

    const entry = (await create(RESET).expect(201)).body as FaqView;
    const replaced = await put(entry.id, body);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(422);
    expect(replaced.body.error).toMatchObject({ code, field });
    expect((await list()).find((e) => e.id === entry.id)).toMatchObject(RESET); // unchanged
    await gw.api('delete', `/api/teams/${teamId}/faq/${entry.id}`, manager).expect(204);
  });

  it('refuses a missing question or a wrong type as malformed (400)', async () => {
    expect((await create({ answer: 'a' }).expect(400)).body.error).toMatchObject({
      code: 'missing_field',
      field: 'question',
    });
    expect((await create({ ...RESET, keywords: 'password' }).expect(400)).body.error).toMatchObject({
      code: 'invalid_type',
      field: 'keywords',
    });
  });

  it("answers 404 for another team's entry, and for the other team itself", async () => {
    const theirs = (await create(RESET, stranger, otherTeam).expect(201)).body as FaqView;
    const notFound = { code: 'not_found', message: 'FAQ entry was not found', field: null };
    expect((await put(theirs.id, RESET).expect(404)).body.error).toEqual(notFound);
    expect((await gw.api('delete', `/api/teams/${teamId}/faq/${theirs.id}`, manager).expect(404)).body.error).toEqual(
      notFound,
    );
    expect(await list(stranger, otherTeam)).toEqual([theirs]); // untouched
    // Our tokens on their team: the team is not found either.
    await gw.api('get', `/api/teams/${otherTeam}/faq`, manager).expect(404);
    await create(RESET, manager, otherTeam).expect(404);
    await put(theirs.id, RESET, manager, otherTeam).expect(404);
    await gw.api('get', `/api/teams/${otherTeam}/faq/search?q=password`, manager).expect(404);
    await put(crypto.randomUUID(), RESET).expect(404);
  });

  it('lets an agent read and search but not write', async () => {
    const entry = (await create(RESET).expect(201)).body as FaqView;
    expect((await list(agent)).map((e) => e.id)).toContain(entry.id);
    await gw.api('get', `/api/teams/${teamId}/faq/search?q=password`, agent).expect(200);
    const refused = { code: 'insufficient_role', field: null };
    expect((await create(RESET, agent).expect(403)).body.error).toMatchObject(refused);
    expect((await put(entry.id, RESET, agent).expect(403)).body.error).toMatchObject(refused);
    expect(
      (await gw.api('delete', `/api/teams/${teamId}/faq/${entry.id}`, agent).expect(403)).body.error,
    ).toMatchObject(refused);
    await gw.api('delete', `/api/teams/${teamId}/faq/${entry.id}`, manager).expect(204);
  });

  it(`keeps at most ${MAX_FAQ_ENTRIES} entries per team, even when the last places are raced for`, async () => {
    const team = await gw.newTeam();
    const boss = await tokenFor(team, 'manager');
    const at = new Date('2026-11-30T10:00:00Z');
    for (let i = 0; i < MAX_FAQ_ENTRIES - 1; i += 1) {
      await gw.stores.faq.insert({
        id: crypto.randomUUID(),
        teamId: team,
        question: `Question ${i}?`,
        answer: `Answer ${i}.`,
        keywords: [],
        locale: 'en',
        createdAt: at,
        updatedAt: at,
      });
    }
    const raced = await Promise.all([create(RESET, boss, team), create(RESET, boss, team)]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 422]);
    const refused = raced.find((r) => r.status === 422)!;
    expect(refused.body.error).toEqual({
      code: 'too_many_faq_entries',
      message: expect.stringContaining(`${MAX_FAQ_ENTRIES}`),
      field: null,
    });
    expect(await list(boss, team)).toHaveLength(MAX_FAQ_ENTRIES);

    // Deleting one makes room again; replacing needs none.
    const [first] = await list(boss, team);
    await put(first!.id, RESET, boss, team).expect(200);
    await gw.api('delete', `/api/teams/${team}/faq/${first!.id}`, boss).expect(204);
    await create(RESET, boss, team).expect(201);
  });
});
