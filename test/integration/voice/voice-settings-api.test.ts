import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const option = (digit: number) => ({ digit: String(digit), label: `option ${digit}`, action: 'voicemail' });

describe('PATCH /api/teams/:team {voice}', () => {
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await gw.newTeam();
  });
  afterAll(async () => {
    await gw.close();
  });

  const patch = (body: unknown, token?: string) => gw.api('patch', `/api/teams/${teamId}`, token).send(body as object);

  it('saves a flow, merges a later partial change, and keeps it on GET', async () => {
    const first = await patch({
      voice: {
        greeting: { text: 'Hello from {{ company_name }}.' },
        menu: {
          options: [
            { digit: '1', label: 'sales', action: 'agents', agents: ['+12125550187', '+12125550188'] },
            option(2),
          ],
          timeoutSeconds: 5,
        },
        dialTimeoutSeconds: 25,
      },
    }).expect(200);
    expect(first.body.voice.menu.options).toHaveLength(2);
    await patch({ voice: { voicemail: { maxLengthSeconds: 60 } } }).expect(200);
    const { body } = await gw.api('get', `/api/teams/${teamId}`).expect(200);
    expect(body.voice).toMatchObject({
      greeting: { text: 'Hello from {{ company_name }}.', audioUrl: null },
      dialTimeoutSeconds: 25,
      voicemail: { maxLengthSeconds: 60, finishOnKey: '#' },
      menu: {
        timeoutSeconds: 5,
        options: [
          { digit: '1', agents: ['+12125550187', '+12125550188'] },
          { digit: '2', action: 'voicemail', agents: [] },
        ],
      },
    });
    await patch({ voice: { menu: null } }).expect(200);
    expect((await gw.api('get', `/api/teams/${teamId}`).expect(200)).body.voice.menu).toBeNull();
  });

  it('records the change in the audit log', async () => {
    await patch({ voice: { sayVoice: 'Polly.Joanna' } }).expect(200);
    const audit = (await gw.api('get', `/api/teams/${teamId}/audit`).expect(200)).body as Array<{
      action: string;
      after: { voice?: { sayVoice: string } };
    }>;
    expect(audit.some((e) => e.action === 'team.updated' && e.after.voice?.sayVoice === 'Polly.Joanna')).toBe(true);
  });

  it.each([
    ['ten menu options', { menu: { options: [1, 2, 3, 4, 5, 6, 7, 8, 9, 9].map(option) } }, 'voice.menu.options'],
    [
      'an invalid agent number',
      { menu: { options: [{ digit: '1', label: 'sales', action: 'agents', agents: ['+1212555'] }] } },
      'voice.menu.options.0.agents.0',
    ],
    ['an agent number without +', { agents: ['12125550187'] }, 'voice.agents.0'],
    ['a key used twice', { menu: { options: [option(1), option(1)] } }, 'voice.menu.options.1.digit'],
    [
      'an agents option without agents',
      { menu: { options: [{ digit: '1', label: 'sales', action: 'agents' }] } },
      'voice.menu.options.0.agents',
    ],
    ['an unknown placeholder', { greeting: { text: 'Hi {{ nope }}' } }, 'voice.greeting.text'],
    ['a ring time of 2 s', { dialTimeoutSeconds: 2 }, 'voice.dialTimeoutSeconds'],
    ['a ring time of 2.5 s', { dialTimeoutSeconds: 2.5 }, 'voice.dialTimeoutSeconds'],
    ['an unknown reply channel', { replyChannel: 'fax' }, 'voice.replyChannel'],
  ])('%s → 422 naming the field, and nothing saved', async (_name, voice, field) => {
    const before = (await gw.api('get', `/api/teams/${teamId}`).expect(200)).body.voice;
    const res = await patch({ voice });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field });
    expect(res.body.error.message.length).toBeGreaterThan(10);
    expect((await gw.api('get', `/api/teams/${teamId}`).expect(200)).body.voice).toEqual(before);
  });

  it('an unknown voice field is malformed: 400 naming it', async () => {
    const res = await patch({ voice: { ringtone: 'jazz' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_field', field: 'voice.ringtone' });
  });

  it("an agent may not change the flow (403); another team's manager gets 404", async () => {
    const agent = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
    expect((await patch({ voice: { dialTimeoutSeconds: 30 } }, agent)).status).toBe(403);
    const otherTeam = await gw.newTeam();
    const manager = (await gw.api('post', `/api/teams/${otherTeam}/tokens`).send({ role: 'manager' }).expect(201)).body
      .token as string;
    expect((await patch({ voice: { dialTimeoutSeconds: 30 } }, manager)).status).toBe(404);
  });
});

describe('the voicemail prompt follows the finish key', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it.each([
    ['#', 'en', 'Please leave a message after the tone. Press the pound key when you are done.'],
    ['*', 'en', 'Please leave a message after the tone. Press the star key when you are done.'],
    ['', 'en', 'Please leave a message after the tone.</Say>'],
    ['5', 'pl', 'Prosimy zostawić wiadomość po sygnale. Na koniec naciśnij 5.'],
  ])('finish key "%s" (%s)', async (finishOnKey, locale, spoken) => {
    const { CallDriver } = await import('../../helpers/call-driver.js');
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number], open: true, locale });
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ voice: { voicemail: { finishOnKey } } })
      .expect(200);
    const call = new CallDriver(gw, { id: teamId, number }, '+12125550123');
    await call.incoming();
    expect(await call.follow('redirect')).toContain(spoken);
  });
});
