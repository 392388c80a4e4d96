import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueKinds, COMMON_PLACEHOLDERS } from '../../../src/auto-replies/catalogue.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface EntryView {
  kind: string;
  enabled: boolean;
  body: string;
  isDefaultBody: boolean;
  locale: string;
  bodies: Record<string, string>;
  trigger: string;
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

  const newTeam = (locale = 'en'): Promise<string> => gw.newTeam({ locale });
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
      expect(list.map((e) => e.kind).sort()).toEqual(
        catalogueKinds()
          .map((k) => k.kind)
          .sort(),
      );
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
        expect(names).toEqual(
          expect.arrayContaining([
            'company_name',
            'team_name',
            'customer_name',
            'ticket_id',
            'next_open',
            'business_hours',
            'contact_page_url',
          ]),
        );
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
      const body =
        '{% if customer_name %}Hi {{ customer_name | capitalize }}{% else %}Hi{% endif %}, {{ team_name }} here.';
      const res = await put(id, { body });
      expect(res.status).toBe(200);
      expect(res.body.body).toBe(body);
    });

    it('changes enabled and options without touching the body', async () => {
      const id = await newTeam();
      await put(id, { body: 'Custom {{ team_name }}' }).expect(200);
      const res = await put(id, {
        enabled: false,
        options: { includeTeamName: true, extraMessage: 'See {{ contact_page_url }}' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        enabled: false,
        body: 'Custom {{ team_name }}',
        options: { includeCompanyName: true, includeTeamName: true, extraMessage: 'See {{ contact_page_url }}' },
      });
      const again = await put(id, { options: { includeCompanyName: false } }).expect(200);
      expect(again.body.options).toEqual({
        includeCompanyName: false,
        includeTeamName: true,
        extraMessage: 'See {{ contact_page_url }}',
      });
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
  describe('the whole catalogue', () => {
    it('GET lists all 16 kinds in the same order every time, with trigger, locale and no overrides', async () => {
      const id = await newTeam();
      const first = (await gw.api('get', `/api/teams/${id}/auto-replies`).expect(200)).body as EntryView[];
      const second = (await gw.api('get', `/api/teams/${id}/auto-replies`).expect(200)).body as EntryView[];
      expect(first).toHaveLength(16);
      expect(first.map((e) => e.kind)).toEqual(catalogueKinds().map((k) => k.kind));
      expect(second.map((e) => e.kind)).toEqual(first.map((e) => e.kind));
      for (const e of first) {
        expect(e.locale).toBe('en');
        expect(e.bodies).toEqual({});
        expect(['event', 'agent']).toContain(e.trigger);
      }
      const off = first
        .filter((e) => !e.enabled)
        .map((e) => e.kind)
        .sort();
      expect(off).toEqual([
        'after_hours_ticket',
        'call_completed',
        'clarifying_question',
        'first_message',
        'response_time_notice',
      ]);
      const payment = first.find((e) => e.kind === 'payment_request')!;
      expect(payment.placeholders.map((p) => p.name)).toEqual(
        expect.arrayContaining(['amount', 'currency', 'payment_link']),
      );
    });

    it('still lists all 16 after a kind is changed', async () => {
      const id = await newTeam();
      await put(id, { enabled: true }, 'first_message').expect(200);
      const list = (await gw.api('get', `/api/teams/${id}/auto-replies`).expect(200)).body as EntryView[];
      expect(list.map((e) => e.kind)).toEqual(catalogueKinds().map((k) => k.kind));
      expect(list.find((e) => e.kind === 'first_message')!.enabled).toBe(true);
    });

    it('GET one kind', async () => {
      const id = await newTeam('ru');
      const res = await gw.api('get', `/api/teams/${id}/auto-replies/missed_call`).expect(200);
      expect(res.body).toMatchObject({
        kind: 'missed_call',
        locale: 'ru',
        channels: ['sms', 'whatsapp'],
        group: 'calls',
        isDefaultBody: true,
      });
      expect(res.body.body).toMatch(/звонок/);
      await gw.api('get', `/api/teams/${id}/auto-replies/fax_blast`).expect(404);
    });
  });

  describe('bodies per locale', () => {
    it("saves a body for another locale without touching the team's own", async () => {
      const id = await newTeam('en');
      const english = (await entry(id, 'payment_request')).body;
      const polish = 'Prosimy o wpłatę {{ amount }} {{ currency }}: {{ payment_link }}';
      const res = await put(id, { locale: 'pl', body: polish }, 'payment_request').expect(200);
      expect(res.body).toMatchObject({ locale: 'pl', body: polish, isDefaultBody: false, bodies: { pl: polish } });
      const e = await entry(id, 'payment_request');
      expect(e).toMatchObject({ locale: 'en', body: english, isDefaultBody: true, bodies: { pl: polish } });
    });

    it('without locale, the body is for the team locale; enabled and options are shared by every locale', async () => {
      const id = await newTeam('pl');
      await put(
        id,
        { body: 'Polski tekst {{ company_name }}', enabled: false, options: { includeTeamName: true } },
        'ask_media',
      ).expect(200);
      await put(id, { locale: 'ru', body: 'Русский текст' }, 'ask_media').expect(200);
      const pl = await entry(id, 'ask_media');
      expect(pl).toMatchObject({
        locale: 'pl',
        body: 'Polski tekst {{ company_name }}',
        enabled: false,
        bodies: { pl: 'Polski tekst {{ company_name }}', ru: 'Русский текст' },
      });
      await gw.api('patch', `/api/teams/${id}`).send({ locale: 'ru' }).expect(200);
      const ru = await entry(id, 'ask_media');
      expect(ru).toMatchObject({ locale: 'ru', body: 'Русский текст', isDefaultBody: false, enabled: false });
      expect(ru.options.includeTeamName).toBe(true);
      await gw.api('patch', `/api/teams/${id}`).send({ locale: 'en' }).expect(200);
      expect(await entry(id, 'ask_media')).toMatchObject({ locale: 'en', isDefaultBody: true });
    });

    it('body null with a locale drops only that locale', async () => {
      const id = await newTeam('en');
      await put(id, { locale: 'pl', body: 'PL' }, 'ask_media').expect(200);
      await put(id, { locale: 'ru', body: 'RU' }, 'ask_media').expect(200);
      const res = await put(id, { locale: 'pl', body: null }, 'ask_media').expect(200);
      expect(res.body).toMatchObject({ locale: 'pl', isDefaultBody: true, bodies: { ru: 'RU' } });
    });

    it('refuses a locale that has no default texts', async () => {
      const id = await newTeam();
      const res = await put(id, { locale: 'de', body: 'Hallo' });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'locale' });
    });

    it('a reply sent for the kind uses the body of the team locale', async () => {
      const id = await newTeam('en');
      await put(
        id,
        { body: 'Custom English {{ team_name }}', options: { includeCompanyName: false } },
        'after_hours_text',
      ).expect(200);
      await put(id, { locale: 'pl', body: 'Polski' }, 'after_hours_text').expect(200);
      const res = await gw
        .api('post', `/api/teams/${id}/messages`)
        .send({ to: '+12125550999', channel: 'sms', kind: 'after_hours_text', variables: {} });
      expect(res.status).toBeLessThan(300);
      expect(res.body.body).toBe('Custom English Support');
    });
  });

  describe('reset to default', () => {
    it.each([
      [
        'DELETE',
        (id: string, kind: string, token?: string) => gw.api('delete', `/api/teams/${id}/auto-replies/${kind}`, token),
      ],
      [
        'POST …/reset',
        (id: string, kind: string, token?: string) =>
          gw.api('post', `/api/teams/${id}/auto-replies/${kind}/reset`, token),
      ],
    ])('%s forgets enabled, options, window and every locale body', async (_name, reset) => {
      const id = await newTeam();
      const original = await entry(id, 'payment_request');
      await put(
        id,
        { enabled: false, body: 'Pay {{ amount }}', options: { includeTeamName: true }, repeatWindowHours: 5 },
        'payment_request',
      ).expect(200);
      await put(id, { locale: 'ru', body: 'Оплатите' }, 'payment_request').expect(200);
      const res = await reset(id, 'payment_request');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: 'payment_request',
        enabled: true,
        body: original.body,
        isDefaultBody: true,
        bodies: {},
        repeatWindowHours: 0,
      });
      expect(res.body.options).toEqual({ includeCompanyName: true, includeTeamName: false, extraMessage: null });
      expect(await entry(id, 'payment_request')).toEqual(original);
      // Resetting a kind that was never changed is fine too.
      expect((await reset(id, 'missed_call')).status).toBe(200);
    });

    it('only a manager resets: an agent gets 403, another team 404, an unknown kind 404', async () => {
      const id = await newTeam();
      await put(id, { enabled: false }, 'missed_call').expect(200);
      const agent = await tokenFor(id, 'agent');
      const stranger = await tokenFor(await newTeam(), 'manager');
      expect((await gw.api('delete', `/api/teams/${id}/auto-replies/missed_call`, agent)).status).toBe(403);
      expect((await gw.api('post', `/api/teams/${id}/auto-replies/missed_call/reset`, agent)).status).toBe(403);
      expect((await gw.api('delete', `/api/teams/${id}/auto-replies/missed_call`, stranger)).status).toBe(404);
      expect((await gw.api('delete', `/api/teams/${id}/auto-replies/fax_blast`)).body.error.code).toBe('unknown_kind');
      expect((await entry(id, 'missed_call')).enabled).toBe(false);
      const manager = await tokenFor(id, 'manager');
      await gw.api('delete', `/api/teams/${id}/auto-replies/missed_call`, manager).expect(200);
      expect((await entry(id, 'missed_call')).enabled).toBe(true);
    });
  });

  describe('preview', () => {
    const preview = (id: string, kind: string, body: object, token?: string) =>
      gw.api('post', `/api/teams/${id}/auto-replies/${kind}/preview`, token).send(body);

    it("renders the saved text with the team's data, measured as one GSM-7 part", async () => {
      const id = await newTeam();
      const res = await preview(id, 'after_hours_text', {});
      expect(res.status).toBe(200);
      expect(res.body.text).toMatch(/^Acme: Thanks for your message! We're closed right now/);
      expect(res.body.text).not.toMatch(/\{\{|\{%/);
      expect(res.body).toMatchObject({
        kind: 'after_hours_text',
        locale: 'en',
        channel: 'sms',
        encoding: 'GSM-7',
        segments: 1,
        warnings: [],
      });
      expect(res.body.characters).toBe(Array.from(res.body.text as string).length);
    });

    it('fills kind placeholders with samples, and with the caller’s sample values over them', async () => {
      const id = await newTeam();
      const res = await preview(id, 'payment_request', {}).expect(200);
      expect(res.body.text).toBe('Acme: A payment of 49.90 EUR is due. Pay securely here: https://pay.example.com/abc');
      const own = await preview(id, 'payment_request', {
        sample: { amount: '12.00', currency: 'PLN', customer_name: 'Ola' },
      }).expect(200);
      expect(own.body.text).toContain('A payment of 12.00 PLN is due.');
    });

    it('previews an unsaved body and options, and saves nothing', async () => {
      const id = await newTeam();
      const res = await preview(id, 'ask_media', {
        body: 'Hi {{ customer_name }}, send a photo please.',
        options: { includeCompanyName: false, includeTeamName: true, extraMessage: 'Thanks!' },
      }).expect(200);
      expect(res.body.text).toBe('Hi Anna, send a photo please.\n- Support\nThanks!');
      expect(await entry(id, 'ask_media')).toMatchObject({
        isDefaultBody: true,
        options: { includeCompanyName: true, includeTeamName: false, extraMessage: null },
      });
    });

    it('counts a Polish text as UCS-2 and uses the locale asked for', async () => {
      const id = await newTeam('en');
      const res = await preview(id, 'missed_call', { locale: 'pl' }).expect(200);
      expect(res.body).toMatchObject({ locale: 'pl', encoding: 'UCS-2', segments: 2 });
      expect(res.body.text).toMatch(/^Acme: Przepraszamy/);
    });

    it('counts € as two septets', async () => {
      const id = await newTeam();
      const res = await preview(id, 'ask_media', {
        body: '€'.repeat(77),
        options: { includeCompanyName: false },
      }).expect(200);
      expect(res.body).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 77, units: 154 });
    });

    it('warns above 3 SMS parts', async () => {
      const id = await newTeam();
      const res = await preview(id, 'ask_media', { body: 'Please send a photo. '.repeat(25) }).expect(200);
      expect(res.body.segments).toBe(4);
      expect((res.body.warnings as Array<{ code: string }>).map((w) => w.code)).toEqual(['too_many_segments']);
    });

    it('warns that an agent kind on WhatsApp needs an approved template', async () => {
      const id = await newTeam();
      const res = await preview(id, 'approval_request', { channel: 'whatsapp' }).expect(200);
      expect(res.body.warnings).toEqual([
        { code: 'whatsapp_template_required', message: expect.stringMatching(/24 hours/) },
      ]);
      expect((await preview(id, 'after_hours_text', { channel: 'whatsapp' }).expect(200)).body.warnings).toEqual([]);
    });

    it('lets an agent preview', async () => {
      const id = await newTeam();
      const agent = await tokenFor(id, 'agent');
      await preview(id, 'payment_request', {}, agent).expect(200);
    });
  });

  describe('bad input', () => {
    const preview = (id: string, kind: string, body: object, token?: string) =>
      gw.api('post', `/api/teams/${id}/auto-replies/${kind}/preview`, token).send(body);

    it.each<[string, 'put' | 'preview', string, object, number, string, string, RegExp]>([
      ['PUT an unknown kind', 'put', 'fax_blast', { enabled: true }, 404, 'unknown_kind', '', /fax_blast/],
      ['preview an unknown kind', 'preview', 'fax_blast', {}, 404, 'unknown_kind', '', /fax_blast/],
      [
        'an unknown placeholder (PUT)',
        'put',
        'ask_media',
        { body: 'Send {{ amount }}' },
        422,
        'unknown_placeholder',
        'body',
        /amount/,
      ],
      [
        'an unknown placeholder (preview)',
        'preview',
        'ask_media',
        { body: 'Send {{ amount }}' },
        422,
        'unknown_placeholder',
        'body',
        /\{\{amount\}\}/,
      ],
      [
        'a kind placeholder of another kind',
        'put',
        'advisor_rating',
        { body: 'Pay {{ payment_link }}' },
        422,
        'unknown_placeholder',
        'body',
        /payment_link/,
      ],
      [
        'an unknown sample value',
        'preview',
        'ask_media',
        { sample: { coupon: 'X' } },
        422,
        'unknown_placeholder',
        'sample.coupon',
        /coupon/,
      ],
      [
        'an unclosed {{ (PUT)',
        'put',
        'ask_media',
        { body: 'Hi there {{ customer_name' },
        422,
        'template_syntax',
        'body',
        /not closed.*at character 9/,
      ],
      [
        'an unclosed {{ (preview)',
        'preview',
        'ask_media',
        { body: 'Hi there {{ customer_name' },
        422,
        'template_syntax',
        'body',
        /at character 9/,
      ],
      [
        'a for loop (PUT)',
        'put',
        'ask_media',
        { body: '{% for i in (1..3) %}x{% endfor %}' },
        422,
        'tag_not_allowed',
        'body',
        /\{% for %\}/,
      ],
      [
        'a capture (preview)',
        'preview',
        'ask_media',
        { body: '{% capture x %}y{% endcapture %}' },
        422,
        'tag_not_allowed',
        'body',
        /capture/,
      ],
      [
        'a text over 1600 once the company name is added (PUT)',
        'put',
        'ask_media',
        { body: 'x'.repeat(1598) },
        422,
        'body_too_long',
        'body',
        /1604 characters once composed/,
      ],
      [
        'a text over 1600 once composed (preview)',
        'preview',
        'ask_media',
        { body: 'x'.repeat(1598) },
        422,
        'body_too_long',
        'body',
        /once composed/,
      ],
      [
        'body and extra message over 1600 together',
        'put',
        'ask_media',
        { body: 'y'.repeat(1200), options: { extraMessage: 'z'.repeat(450) } },
        422,
        'body_too_long',
        'body',
        /once composed/,
      ],
      [
        'a raw text over 1600',
        'preview',
        'ask_media',
        { body: 'x'.repeat(1601) },
        422,
        'body_too_long',
        'body',
        /1601 characters/,
      ],
      [
        'an unknown preview channel',
        'preview',
        'ask_media',
        { channel: 'fax' },
        422,
        'invalid_value',
        'channel',
        /sms/,
      ],
      ['an unknown preview field', 'preview', 'ask_media', { text: 'x' }, 400, 'unknown_field', 'text', /text/],
    ])('%s', async (_name, call, kind, body, status, code, field, message) => {
      const id = await newTeam();
      const res = call === 'put' ? await put(id, body, kind) : await preview(id, kind, body);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (field) expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
      expect((await entry(id, 'ask_media')).isDefaultBody).toBe(true);
    });

    it('exactly 1600 characters once composed is accepted', async () => {
      const id = await newTeam();
      await put(id, { body: 'x'.repeat(1594) }, 'ask_media').expect(200); // "Acme: " + 1594
    });

    it('an agent gets 403 on PUT; another team gets 404 on every call', async () => {
      const id = await newTeam();
      const agent = await tokenFor(id, 'agent');
      const stranger = await tokenFor(await newTeam(), 'manager');
      expect((await put(id, { enabled: false }, 'payment_request', agent)).status).toBe(403);
      expect((await put(id, { enabled: false }, 'payment_request', stranger)).status).toBe(404);
      expect((await preview(id, 'payment_request', {}, stranger)).status).toBe(404);
      expect((await gw.api('get', `/api/teams/${id}/auto-replies/payment_request`, stranger)).status).toBe(404);
      expect((await entry(id, 'payment_request')).enabled).toBe(true);
    });
  });
});
