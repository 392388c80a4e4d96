import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

// Every process caches team settings and checks the team's config version per decision; the
// triggers of migration 0017 raise it on every change, in the change's own transaction.
describe('team config version', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
  });
  afterAll(async () => {
    await gw.close();
  });

  const version = async (teamId: string) => (await gw.stores.teams.configVersion(teamId))!;

  it('rises with every change to the team, its numbers, schedule and replies, and not when tickets are numbered', async () => {
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const changes: Array<[string, () => Promise<unknown>]> = [
      [
        'team settings',
        () => gw.api('patch', `/api/teams/${teamId}`).send({ contactPageUrl: 'https://acme.test/help' }).expect(200),
      ],
      [
        'numbers',
        () =>
          gw
            .api('patch', `/api/teams/${teamId}`)
            .send({ numbers: [gw.freshNumber()] })
            .expect(200),
      ],
      [
        'schedule',
        () =>
          gw
            .api('put', `/api/teams/${teamId}/schedule`)
            .send({ timezone: 'UTC', weekly: {}, exceptions: [] })
            .expect(200),
      ],
      [
        'reply switch',
        () => gw.api('put', `/api/teams/${teamId}/auto-replies/after_hours_text`).send({ enabled: false }).expect(200),
      ],
      [
        'reply text',
        () =>
          gw
            .api('put', `/api/teams/${teamId}/auto-replies/after_hours_text`)
            .send({ body: 'Closed now. {{ company_name }}' })
            .expect(200),
      ],
      ['reply reset', () => gw.api('delete', `/api/teams/${teamId}/auto-replies/after_hours_text`).expect(200)],
    ];
    for (const [what, change] of changes) {
      const before = await version(teamId);
      await change();
      expect(await version(teamId), what).toBeGreaterThan(before);
    }
    const before = await version(teamId);
    await gw
      .api('post', `/api/teams/${teamId}/tickets`)
      .send({ customer: '+12125550999', subject: 'Numbered', channel: 'web' })
      .expect(201);
    expect(await version(teamId)).toBe(before);
  });

  it('applies a reply switched off to the very next text, after a text that warmed the cache', async () => {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number] });
    const replies = () => gw.stores.messages.list(teamId, { direction: 'outbound', limit: 50 });
    const text = async (from: string) => {
      await gw
        .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: from, To: number }))
        .expect(200);
      return eventually(async () => {
        const event = await gw.testDb
          .db<{ status: string; team_id: string }>('webhook_events')
          .where({ team_id: teamId })
          .whereRaw("params->>'From' = ?", [from])
          .first();
        return event?.status === 'processed' ? event : null;
      });
    };
    await text('+12125550301');
    expect((await replies()).map((m) => m.to)).toEqual(['+12125550301']);
    await gw.api('put', `/api/teams/${teamId}/auto-replies/after_hours_text`).send({ enabled: false }).expect(200);
    await text('+12125550302');
    expect((await replies()).map((m) => m.to)).toEqual(['+12125550301']);
    await gw.api('put', `/api/teams/${teamId}/auto-replies/after_hours_text`).send({ enabled: true }).expect(200);
    await text('+12125550303');
    expect((await replies()).map((m) => m.to).sort()).toEqual(['+12125550301', '+12125550303']);
  });

  it('routes a text to the team a number was just moved to', async () => {
    const number = gw.freshNumber();
    const first = await gw.createTeam({ numbers: [number] });
    const second = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: '+12125550401', To: number }))
      .expect(200);
    await gw.api('patch', `/api/teams/${first}`).send({ numbers: [] }).expect(200);
    await gw
      .api('patch', `/api/teams/${second}`)
      .send({ numbers: [number] })
      .expect(200);
    await gw
      .webhook('/twilio/messages', fixture('sms-inbound', { MessageSid: sid(), From: '+12125550402', To: number }))
      .expect(200);
    const events = await gw.testDb
      .db<{ team_id: string }>('webhook_events')
      .whereRaw("params->>'To' = ?", [number])
      .orderBy('received_at');
    expect(events.map((e) => e.team_id)).toEqual([first, second]);
  });
});
