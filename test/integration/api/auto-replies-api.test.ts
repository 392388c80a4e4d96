import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueKinds, COMMON_PLACEHOLDERS } from '../../../src/auto-replies/catalogue.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

let numberSeq = 300;
const freshNumber = (): string => `+1415555${String(numberSeq++).padStart(4, '0')}`;

interface EntryView {
  kind: string;
  enabled: boolean;
  body: string;
  isDefaultBody: boolean;
  options: { includeCompanyName: boolean; includeTeamName: boolean; extraMessage: string | null };
  placeholders: Array<{ name: string; description: string }>;
}

describe('Management API: auto-replies', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  async function newTeam(locale = 'en'): Promise<string> {
    const res = await gw.api('post', '/api/teams').send({ name: 'Support', companyName: 'Acme', timezone: 'Europe/Warsaw', locale, numbers: [freshNumber()] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const tokenFor = async (id: string, role: 'manager' | 'agent'): Promise<string> =>
    (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  const entry = async (id: string, kind = 'after_hours_text'): Promise<EntryView> => {
    const res = await gw.api('get', `/api/teams/${id}/auto-replies`).expect(200);
    const found = (res.body as EntryView[]).find((e) => e.kind === kind);
    expect(found).toBeDefined();
    return found!;
  };
  const put = (id: string, body: unknown, kind = 'after_hours_text', token?: string) =>
    gw.api('put', `/api/teams/${id}/auto-replies/${kind}`, token).send(body as object);

  describe('GET', () => {
    it('lists every kind of the catalogue with its settings and placeholders', async () => {
      const id = await newTeam();
      const res = await gw.api('get', `/api/teams/${id}/auto-replies`);
      expect(res.status).toBe(200);
      const list = res.body as EntryView[];
      expect(list.map((e) => e.kind).sort()).toEqual(catalogueKinds().map((k) => k.kind).sort());
      expect(list.map((e) => e.kind)).toContain('after_hours_text');
      for (const e of list) {
        expect(typeof e.enabled).toBe('boolean');
        expect(typeof e.body).toBe('string');
        expect(e.body.length).toBeGreaterThan(0);
        expect(e.isDefaultBody).toBe(true);
        expect(e.options).toEqual({ includeCompanyName: true, includeTeamName: false, extraMessage: null });
        expect(e.placeholders.length).toBeGreaterThanOrEqual(COMMON_PLACEHOLDERS.length);
        for (const p of e.placeholders) {
          expect(p.name).toMatch(/^[a-z_]+$/);
          expect(typeof p.description).toBe('string');
          expect(p.description.length).toBeGreaterThan(0);
        }
        const names = e.placeholders.map((p) => p.name);
        expect(names).toEqual(expect.arrayContaining(['company_name', 'team_name', 'customer_name', 'ticket_id', 'next_open', 'business_hours', 'contact_page_url']));
      }
    });

    it('after_hours_text is on by default with the English default text', async () => {
      const e = await entry(await newTeam());
      expect(e.enabled).toBe(true);
      expect(e.body).toContain('{{ next_open }}');
      expect(e.body).toMatch(/^Thanks for your message!/);
    });

    it("uses the default text of the team's locale", async () => {
      const e = await entry(await newTeam('pl'));
      expect(e.body).toMatch(/^Dziękujemy za wiadomość!/);
      expect(e.isDefaultBody).toBe(true);
    });

    it('lets an agent read the catalogue', async () => {
      const id = await newTeam();
      const agent = await tokenFor(id, 'agent');
      const res = await gw.api('get', `/api/teams/${id}/auto-replies`, agent);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(catalogueKinds().length);
    });

    it("answers 404 to another team's token and 401 without one", async () => {
      const id = await newTeam();
      const stranger = await tokenFor(await newTeam(), 'manager');
      const res = await gw.api('get', `/api/teams/${id}/auto-replies`, stranger);
      expect(res.status).toBe(404);
      await request(gw.app).get(`/api/teams/${id}/auto-replies`).expect(401);
    });
  });

  describe('PUT', () => {
    it('saves a body with a placeholder and returns it; GET shows it', async () => {
      const id = await newTeam();
      const body = 'Hi from {{ company_name }}! We open {{ next_open }}.';
      const res = await put(id, { body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'after_hours_text', body, isDefaultBody: false, enabled: true });
      expect(res.body.placeholders.length).toBeGreaterThan(0);
      const e = await entry(id);
      expect(e.body).toBe(body);
      expect(e.isDefaultBody).toBe(false);
    });

    it('allows if/unless and filters', async () => {
      const id = await newTeam();
      const body = '{% if customer_name %}Hi {{ customer_name | capitalize }}{% else %}Hi{% endif %}, {{ team_name }} here.';
      const res = await put(id, { body });
      expect(res.status).toBe(200);
      expect(res.body.body).toBe(body);
    });

    it('changes enabled and options without touching the body', async () => {
      const id = await newTeam();
      await put(id, { body: 'Custom {{ team_name }}' }).expect(200);
      const res = await put(id, { enabled: false, options: { includeTeamName: true, extraMessage: 'See {{ contact_page_url }}' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        enabled: false,
        body: 'Custom {{ team_name }}',
        options: { includeCompanyName: true, includeTeamName: true, extraMessage: 'See {{ contact_page_url }}' },
      });
      const again = await put(id, { options: { includeCompanyName: false } }).expect(200);
      expect(again.body.options).toEqual({ includeCompanyName: false, includeTeamName: true, extraMessage: 'See {{ contact_page_url }}' });
      expect(again.body.enabled).toBe(false);
      expect((await entry(id)).options.includeCompanyName).toBe(false);
    });

    it('body null goes back to the default text', async () => {
      const id = await newTeam();
      const original = (await entry(id)).body;
      await put(id, { body: 'Temporary {{ company_name }}' }).expect(200);
      const res = await put(id, { body: null });
      expect(res.status).toBe(200);
      expect(res.body.isDefaultBody).toBe(true);
      expect(res.body.body).toBe(original);
      const e = await entry(id);
      expect(e.isDefaultBody).toBe(true);
      expect(e.body).toBe(original);
    });

    it('answers 422 unknown_placeholder naming it, on field body, and saves nothing', async () => {
      const id = await newTeam();
      const res = await put(id, { body: 'Hello {{ unknown_thing }}' });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('unknown_placeholder');
      expect(res.body.error.field).toBe('body');
      expect(res.body.error.message).toContain('unknown_thing');
      expect(res.body.error.message).toContain('company_name');
      expect((await entry(id)).isDefaultBody).toBe(true);
    });

    it('checks the extra message too', async () => {
      const id = await newTeam();
      const res = await put(id, { options: { extraMessage: 'Pay {{ amount }}' } });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'unknown_placeholder', field: 'options.extraMessage' });
      expect(res.body.error.message).toContain('amount');
    });

    it.each([
      ['an unclosed {{', 'Hello {{ company_name', 'template_syntax', /at character 6/],
      ['an unknown filter', 'Hello {{ company_name | shout }}', 'template_syntax', /shout/],
      ['a for loop', '{% for i in (1..3) %}again {% endfor %}', 'tag_not_allowed', /\{% for %\} is not allowed/],
      ['an assign', '{% assign x = "y" %}{{ x }}', 'tag_not_allowed', /assign/],
      ['an include', '{% include "other" %}', 'tag_not_allowed', /include/],
      ['a body over 1600 characters', 'x'.repeat(1601), 'body_too_long', /1601 characters/],
    ])('answers 422 to %s', async (_name, body, code, message) => {
      const id = await newTeam();
      const res = await put(id, { body });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.field).toBe('body');
      expect(res.body.error.message).toMatch(message);
      expect((await entry(id)).isDefaultBody).toBe(true);
    });

    it.each([
      ['an empty body', { body: '   ' }, 422, 'invalid_value', 'body'],
      ['enabled that is not a boolean', { enabled: 'yes' }, 400, 'invalid_type', 'enabled'],
      ['an unknown field', { text: 'hi' }, 400, 'unknown_field', 'text'],
      ['an unknown option', { options: { includeLogo: true } }, 400, 'unknown_field', 'options.includeLogo'],
      ['a negative repeat window', { repeatWindowHours: -1 }, 422, 'invalid_value', 'repeatWindowHours'],
    ])('rejects %s', async (_name, body, status, code, field) => {
      const id = await newTeam();
      const res = await put(id, body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, field });
    });

    it('answers 404 unknown_kind to a kind not in the catalogue', async () => {
      const id = await newTeam();
      const res = await put(id, { enabled: false }, 'fax_blast');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('unknown_kind');
      expect(res.body.error.message).toContain('fax_blast');
    });

    it('lets a manager PUT; an agent gets 403 and nothing changes', async () => {
      const id = await newTeam();
      const manager = await tokenFor(id, 'manager');
      const agent = await tokenFor(id, 'agent');
      await put(id, { enabled: false }, 'after_hours_text', manager).expect(200);
      const res = await put(id, { enabled: true, body: 'Agent text' }, 'after_hours_text', agent);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('insufficient_role');
      const e = await entry(id);
      expect(e.enabled).toBe(false);
      expect(e.isDefaultBody).toBe(true);
    });

    it("answers 404 to another team's manager", async () => {
      const id = await newTeam();
      const stranger = await tokenFor(await newTeam(), 'manager');
      const res = await put(id, { enabled: false }, 'after_hours_text', stranger);
      expect(res.status).toBe(404);
      expect((await entry(id)).enabled).toBe(true);
    });
  });
});
