import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import type { AuditEntryView as Entry } from '../../helpers/audit-entry-view.js';

describe('Audit log: the auto-reply catalogue', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  const audit = async (teamId: string): Promise<Entry[]> =>
    (await gw.api('get', `/api/teams/${teamId}/audit`).expect(200)).body as Entry[];
  const catalogue = (entries: Entry[]) => entries.filter((e) => e.action.startsWith('auto_reply.'));

  it('records a PUT with who, when, and the settings before and after', async () => {
    const team = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const manager = (await gw.api('post', `/api/teams/${team}/tokens`).send({ role: 'manager' }).expect(201)).body as {
      id: string;
      token: string;
    };
    await gw
      .api('put', `/api/teams/${team}/auto-replies/after_hours_text`, manager.token)
      .send({ enabled: false, body: 'We are closed, {{customer_name}}.', options: { extraMessage: 'Thanks!' } })
      .expect(200);
    const [entry] = catalogue(await audit(team));
    expect(entry).toMatchObject({
      action: 'auto_reply.updated',
      subject: 'after_hours_text',
      actor: `manager:${manager.id}`,
    });
    expect(entry!.before).toEqual({
      enabled: true,
      bodies: {},
      options: { includeCompanyName: true, includeTeamName: false, extraMessage: null },
      repeatWindowHours: 12,
      whatsappTemplates: {},
    });
    expect(entry!.after).toEqual({
      enabled: false,
      bodies: { en: 'We are closed, {{customer_name}}.' },
      options: { includeCompanyName: true, includeTeamName: false, extraMessage: 'Thanks!' },
      repeatWindowHours: 12,
      whatsappTemplates: {},
    });
    expect(Number.isNaN(Date.parse(entry!.at))).toBe(false);
  });

  it('records a WhatsApp template set for a kind', async () => {
    const team = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const template = {
      contentSid: 'HX0123456789abcdef0123456789abcdef',
      contentVariables: { '1': '{{ agent_name }}' },
    };
    await gw
      .api('put', `/api/teams/${team}/auto-replies/ask_resolved`)
      .send({ whatsappTemplate: { en: template } })
      .expect(200);
    const [entry] = catalogue(await audit(team));
    expect(entry).toMatchObject({
      action: 'auto_reply.updated',
      subject: 'ask_resolved',
      before: { whatsappTemplates: {} },
      after: { whatsappTemplates: { en: template } },
    });
  });

  it('records a reset with what was undone; a PUT that changes nothing and a refused PUT leave no entry', async () => {
    const team = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await gw
      .api('put', `/api/teams/${team}/auto-replies/first_message`)
      .send({ enabled: true, repeatWindowHours: 48 })
      .expect(200);
    await gw.api('put', `/api/teams/${team}/auto-replies/first_message`).send({ enabled: true }).expect(200);
    await gw.api('put', `/api/teams/${team}/auto-replies/first_message`).send({ body: 'Hi {{nonsense}}' }).expect(422);
    expect(catalogue(await audit(team))).toHaveLength(1);

    await gw.api('post', `/api/teams/${team}/auto-replies/first_message/reset`).expect(200);
    const [reset, update] = catalogue(await audit(team));
    expect(update).toMatchObject({ action: 'auto_reply.updated', after: { enabled: true, repeatWindowHours: 48 } });
    expect(reset).toMatchObject({
      action: 'auto_reply.reset',
      subject: 'first_message',
      actor: 'admin',
      before: { enabled: true, repeatWindowHours: 48, bodies: {} },
      after: { enabled: false, repeatWindowHours: 24 * 30, bodies: {} },
    });
  });
});
