import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn } from '../../helpers/panel-session.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

describe('GET/PUT /after-hours-flow, preview and try', () => {
  let gw: TestGateway;
  let teamId: string;
  const path = () => `/api/teams/${teamId}/after-hours-flow`;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-30T22:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], timezone: 'Europe/Warsaw' });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is off by default, with every path but urgent on', async () => {
    const flow = (await gw.api('get', path()).expect(200)).body;
    expect(flow).toEqual({
      enabled: false,
      channels: ['sms', 'whatsapp', 'web'],
      paths: { message: true, callback: true, urgent: false, faq: true },
      onCall: { numbers: [], emails: [], repageMinutes: 5, maxPages: 6 },
      idleMinutes: 30,
      texts: {},
      whatsappMenuContentSid: null,
    });
  });

  it('saves the whole flow, fills what is left out, and audits the change', async () => {
    const saved = (
      await gw
        .api('put', path())
        .send({ enabled: true, channels: ['sms'], texts: { askName: 'Your name, please?' } })
        .expect(200)
    ).body;
    expect(saved).toMatchObject({
      enabled: true,
      channels: ['sms'],
      texts: { askName: 'Your name, please?' },
      idleMinutes: 30,
    });
    expect((await gw.api('get', path()).expect(200)).body).toEqual(saved);
    const audit = await gw.testDb.db('audit_log').where({ team_id: teamId, action: 'after_hours_flow.updated' });
    expect(audit).toHaveLength(1);
  });

  const bad: Array<[string, Record<string, unknown>, number, string, string]> = [
    [
      'urgent on with nobody on call',
      { paths: { urgent: true } },
      422,
      'onCall',
      'at least one on-call number or email',
    ],
    [
      'repageMinutes below 0.5',
      { onCall: { emails: ['a@b.co'], repageMinutes: 0.25 } },
      422,
      'onCall.repageMinutes',
      'at least 0.5',
    ],
    [
      'repageMinutes over a day',
      { onCall: { emails: ['a@b.co'], repageMinutes: 1441 } },
      422,
      'onCall.repageMinutes',
      'at most 1440',
    ],
    ['maxPages over 20', { onCall: { emails: ['a@b.co'], maxPages: 21 } }, 422, 'onCall.maxPages', 'at most 20'],
    [
      'an on-call number not in E.164',
      { onCall: { numbers: ['+48600700800', '600 700 800'] } },
      422,
      'onCall.numbers.1',
      'E.164',
    ],
    ['an on-call address that is not one', { onCall: { emails: ['nobody'] } }, 422, 'onCall.emails.0', 'email'],
    ['an unknown text', { texts: { greeting: 'Hi' } }, 422, 'texts.greeting', 'is not a text of the flow'],
    ['an unknown placeholder', { texts: { askName: 'Hi {{ phone }}' } }, 422, 'texts.askName', 'unknown placeholder'],
    ['an unknown channel', { channels: ['fax'] }, 422, 'channels.0', 'must be one of'],
    [
      'every path off',
      { enabled: true, paths: { message: false, callback: false, urgent: false, faq: false } },
      422,
      'paths',
      'at least one path',
    ],
    ['idle minutes below 5', { idleMinutes: 1 }, 422, 'idleMinutes', 'at least 5'],
    ['an unknown field', { colour: 'red' }, 400, 'colour', 'unknown field'],
    ['a bad Content SID', { whatsappMenuContentSid: 'HX1' }, 422, 'whatsappMenuContentSid', 'Content API template SID'],
  ];
  it.each(bad)(
    'refuses %s, naming the field, and keeps what was saved',
    async (_name, body, status, field, message) => {
      const before = (await gw.api('get', path()).expect(200)).body;
      const res = await gw.api('put', path()).send(body).expect(status);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toContain(message);
      expect((await gw.api('get', path()).expect(200)).body).toEqual(before);
    },
  );

  it('lets agents read and try, not save', async () => {
    const email = `agent-${Math.random().toString(36).slice(2)}@example.com`;
    await createUser(gw, teamId, email, 'agent');
    const agent = await signIn(gw, email);
    await agent.api('get', path()).expect(200);
    await agent.api('post', `${path()}/try`).send({ text: 'hi' }).expect(200);
    const refused = await agent.api('put', path()).send({ enabled: false }).expect(403);
    expect(refused.body.error.code).toBe('insufficient_role');
  });

  it('previews every text with its SMS segments, for the saved flow or a draft', async () => {
    const steps = (await gw.api('post', `${path()}/preview`).send({}).expect(200)).body.steps as Array<{
      key: string;
      text: string;
      encoding: string;
      segments: number;
    }>;
    expect(steps.find((s) => s.key === 'askName')).toEqual({
      key: 'askName',
      text: 'Your name, please?',
      encoding: 'GSM-7',
      segments: 1,
    });
    expect(steps.find((s) => s.key === 'askPhone')!.text).toContain('+48600700800');
    const draft = (
      await gw
        .api('post', `${path()}/preview`)
        .send({ flow: { texts: { askName: 'Как вас зовут? '.repeat(6) } } })
        .expect(200)
    ).body.steps as Array<{ key: string; encoding: string; segments: number }>;
    expect(draft.find((s) => s.key === 'askName')).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });

  it('tries the flow as a customer would: nothing stored, nothing sent', async () => {
    const first = (await gw.api('post', `${path()}/try`).send({ text: 'hello' }).expect(200)).body as {
      state: Record<string, unknown>;
      replies: Array<{ key: string; text: string }>;
    };
    expect(first.replies.map((r) => r.key)).toEqual(['away', 'menu']);
    expect(first.replies[1]!.text).toBe('How can we help?\n1 Leave a message\n2 Request a callback\n3 Search our FAQ');
    const second = (await gw.api('post', `${path()}/try`).send({ state: first.state, text: '1' }).expect(200)).body;
    expect(second.replies).toEqual([{ key: 'askName', text: 'Your name, please?', encoding: 'GSM-7', segments: 1 }]);
    const tampered = await gw
      .api('post', `${path()}/try`)
      .send({ state: { ...first.state, step: 'somewhere' }, text: '1' })
      .expect(422);
    expect(tampered.body.error.field).toBe('state.step');
    expect(await gw.testDb.db('messages').where({ team_id: teamId })).toEqual([]);
    expect(await gw.testDb.db('flow_sessions').where({ team_id: teamId })).toEqual([]);
  });
});
