import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { eventually, startTestGateway, testClock, TWILIO_API, type TestGateway } from '../../helpers/test-gateway.js';
import { json, MESSAGES_PATH } from '../../helpers/twilio-api-mock.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { sid } from '../../helpers/twilio-signing.js';

const SID = 'HX0123456789abcdef0123456789abcdef';
const RATING_TEMPLATE = { contentSid: SID, contentVariables: { '1': '{{ customer_name }}', '2': '{{ rating_link }}' } };
const HOUR = 3_600_000;

describe('WhatsApp templates for catalogue kinds, sent outside the 24-hour window', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let manager: string;
  let agent: string;
  /** Every request Twilio's Messages API received, as posted. */
  const sent: URLSearchParams[] = [];
  const twilioAccepts = (times = 1) =>
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .times(times)
      .reply((_uri, body) => {
        sent.push(new URLSearchParams(body as string));
        return json(201, { sid: sid('SM'), status: 'queued' });
      });

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    gw = await startTestGateway({ clock: testClock(new Date().toISOString()), webhookPoster: null });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    const token = async (role: string) =>
      (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role }).expect(201)).body.token as string;
    manager = await token('manager');
    agent = await token('agent');
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    await gw.close();
    nock.enableNetConnect();
  });

  const put = (kind: string, body: object, token = manager) =>
    gw.api('put', `/api/teams/${teamId}/auto-replies/${kind}`, token).send(body);
  const configVersion = async () =>
    Number((await gw.testDb.db('teams').where({ id: teamId }).first()).config_version as string);

  /** The customer writes on WhatsApp (processed), which opens their 24-hour window. */
  const writeOnWhatsapp = (customer: string) =>
    receiveMessage(gw, { from: customer, to: teamNumber, body: 'Hi', channel: 'whatsapp', profileName: 'Anna' });
  const askRating = (to: string) =>
    gw
      .api('post', `/api/teams/${teamId}/messages`, agent)
      .send({ to, channel: 'whatsapp', kind: 'advisor_rating', variables: { rating_link: 'https://rate.test/r/7' } });
  const wire = (id: string) =>
    eventually(async () => sent.find((form) => form.get('StatusCallback')?.endsWith(id)) ?? null);

  describe('the setting: PUT /auto-replies/:kind {whatsappTemplate}', () => {
    it('saves a template per locale, shows it in GET, and raises the config version', async () => {
      const before = await configVersion();
      const res = await put('advisor_rating', { whatsappTemplate: { en: RATING_TEMPLATE } }).expect(200);
      expect(res.body.whatsappTemplate).toEqual({ en: RATING_TEMPLATE });
      expect(await configVersion()).toBeGreaterThan(before);
      const pl = { contentSid: SID.replace('0123', '9999'), contentVariables: {} };
      await put('advisor_rating', { whatsappTemplate: { pl } }).expect(200);
      const shown = (await gw.api('get', `/api/teams/${teamId}/auto-replies/advisor_rating`, agent).expect(200)).body;
      expect(shown.whatsappTemplate).toEqual({ en: RATING_TEMPLATE, pl });
      // A locale set to null is removed; the rest stays.
      const removed = await put('advisor_rating', { whatsappTemplate: { pl: null } }).expect(200);
      expect(removed.body.whatsappTemplate).toEqual({ en: RATING_TEMPLATE });
    });

    it('removes every locale with null, and shows null for a kind without one', async () => {
      await put('ask_resolved', { whatsappTemplate: { en: { contentSid: SID, contentVariables: {} } } }).expect(200);
      const cleared = await put('ask_resolved', { whatsappTemplate: null }).expect(200);
      expect(cleared.body.whatsappTemplate).toBeNull();
      const list = (await gw.api('get', `/api/teams/${teamId}/auto-replies`, agent).expect(200)).body as Array<{
        kind: string;
        whatsappTemplate: unknown;
      }>;
      expect(list.find((e) => e.kind === 'after_hours_text')?.whatsappTemplate).toBeNull();
    });

    it.each<[string, object, string, string]>([
      ['a SID that is too short', { en: { contentSid: 'HX123' } }, 'whatsappTemplate.en.contentSid', 'invalid_value'],
      [
        'a SID of another resource',
        { en: { contentSid: 'MG0123456789abcdef0123456789abcdef' } },
        'whatsappTemplate.en.contentSid',
        'invalid_value',
      ],
      [
        'an unknown placeholder',
        { en: { contentSid: SID, contentVariables: { '1': '{{ customer_name }}', '2': '{{ amount }}' } } },
        'whatsappTemplate.en.contentVariables.2',
        'unknown_placeholder',
      ],
      [
        'a variable that does not parse',
        { en: { contentSid: SID, contentVariables: { '1': '{{ customer_name' } } },
        'whatsappTemplate.en.contentVariables.1',
        'template_syntax',
      ],
      [
        'an empty variable',
        { en: { contentSid: SID, contentVariables: { '1': ' ' } } },
        'whatsappTemplate.en.contentVariables.1',
        'invalid_value',
      ],
      [
        'a variable name with spaces',
        { en: { contentSid: SID, contentVariables: { 'first name': 'x' } } },
        'whatsappTemplate.en.contentVariables.first name',
        'invalid_value',
      ],
    ])('refuses %s with 422 naming the field', async (_name, whatsappTemplate, field, code) => {
      const res = await put('advisor_rating', { whatsappTemplate }).expect(422);
      expect(res.body.error).toMatchObject({ field, code });
    });

    it('refuses a locale the catalogue does not have, and an unknown field of a template', async () => {
      const locale = await put('advisor_rating', { whatsappTemplate: { de: RATING_TEMPLATE } });
      expect(locale.status).toBe(400);
      expect(locale.body.error).toMatchObject({ code: 'unknown_field', field: 'whatsappTemplate.de' });
      const extra = await put('advisor_rating', { whatsappTemplate: { en: { ...RATING_TEMPLATE, body: 'x' } } });
      expect(extra.status).toBe(400);
      expect(extra.body.error).toMatchObject({ code: 'unknown_field', field: 'whatsappTemplate.en.body' });
    });

    it('lets only managers set it', async () => {
      await put('advisor_rating', { whatsappTemplate: null }, agent).expect(403);
    });
  });

  describe('sending', () => {
    it('sends a kind with a template as ContentSid and ContentVariables once the window closed', async () => {
      await put('advisor_rating', { whatsappTemplate: { en: RATING_TEMPLATE } }).expect(200);
      const customer = freshCustomer();
      await writeOnWhatsapp(customer);
      gw.clock.advance(25 * HOUR);
      twilioAccepts();
      const res = await askRating(customer);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const form = await wire(res.body.id as string);
      expect(form.get('ContentSid')).toBe(SID);
      expect(JSON.parse(form.get('ContentVariables')!)).toEqual({ '1': 'Anna', '2': 'https://rate.test/r/7' });
      expect(form.has('Body')).toBe(false);
      expect(form.get('To')).toBe(`whatsapp:${customer}`);
      const row = await gw.testDb.db('messages').where({ id: res.body.id }).first();
      expect(row.content).toEqual({ sid: SID, variables: { '1': 'Anna', '2': 'https://rate.test/r/7' } });
      const decisions = (
        await gw
          .api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`, agent)
          .expect(200)
      ).body as Array<{ kind: string; action: string; reason: string }>;
      expect(decisions.find((d) => d.kind === 'advisor_rating')).toMatchObject({
        action: 'send',
        reason: 'sent_as_whatsapp_template',
      });
    });

    it('sends our text inside the window, template or not', async () => {
      await put('advisor_rating', { whatsappTemplate: { en: RATING_TEMPLATE } }).expect(200);
      const customer = freshCustomer();
      await writeOnWhatsapp(customer);
      twilioAccepts();
      const res = await askRating(customer).expect(202);
      const form = await wire(res.body.id as string);
      expect(form.get('Body')).toContain('https://rate.test/r/7');
      expect(form.has('ContentSid')).toBe(false);
    });

    it('refuses a kind without a template once the window closed, naming SMS or a template', async () => {
      await put('advisor_rating', { whatsappTemplate: null }).expect(200);
      const customer = freshCustomer();
      await writeOnWhatsapp(customer);
      gw.clock.advance(25 * HOUR);
      const res = await askRating(customer).expect(422);
      expect(res.body.error).toMatchObject({ code: 'whatsapp_window_closed', field: 'channel' });
      expect(res.body.error.message).toContain('SMS');
      expect(res.body.error.message).toContain('whatsappTemplate');
    });

    it('sends the same template again on a retry', async () => {
      await put('advisor_rating', { whatsappTemplate: { en: RATING_TEMPLATE } }).expect(200);
      const customer = freshCustomer();
      await writeOnWhatsapp(customer);
      gw.clock.advance(25 * HOUR);
      const tries: URLSearchParams[] = [];
      nock(TWILIO_API)
        .post(MESSAGES_PATH)
        .reply((_uri, body) => {
          tries.push(new URLSearchParams(body as string));
          return json(503, { code: 20500, message: 'try later', status: 503 });
        });
      nock(TWILIO_API)
        .post(MESSAGES_PATH)
        .reply((_uri, body) => {
          tries.push(new URLSearchParams(body as string));
          return json(201, { sid: sid('SM'), status: 'queued' });
        });
      const res = await askRating(customer).expect(202);
      await eventually(
        async () =>
          tries.length === 2 && Boolean((await gw.stores.messages.get(res.body.id as string))?.providerMessageId),
      );
      expect(tries.map((t) => [t.get('ContentSid'), t.get('ContentVariables'), t.has('Body')])).toEqual([
        [SID, '{"1":"Anna","2":"https://rate.test/r/7"}', false],
        [SID, '{"1":"Anna","2":"https://rate.test/r/7"}', false],
      ]);
    });
  });
});
