import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamConfigCache } from '../../../src/auto-replies/team-config.js';
import { createLogger } from '../../../src/logger.js';
import { storeSetTransactor } from '../../../src/store-set.js';
import { UrgentPager } from '../../../src/urgent-paging/urgent-pager.js';
import { json, MESSAGES_PATH } from '../../helpers/twilio-api-mock.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';
import { eventually, PUBLIC_URL, startTestGateway, TWILIO_API, type TestGateway } from '../../helpers/test-gateway.js';
import { pageUrgent, sent, timeline } from '../../helpers/urgent-paging.js';

const MINUTE = 60_000;
const BAD_NUMBER = '+48500999000';
const GOOD_NUMBER = '+48500100200';

describe('urgent paging when a page SMS fails', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  const providerSids = new Map<string, string>();

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    // Twilio refuses one number for good (21211: not a valid phone number) and takes the rest.
    nock(TWILIO_API)
      .post(MESSAGES_PATH)
      .times(1_000)
      .reply((_uri, body) => {
        const form = Object.fromEntries(new URLSearchParams(body as string));
        if (form.To === BAD_NUMBER)
          return json(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 });
        const providerSid = sid('SM');
        providerSids.set(form.To!, providerSid);
        return json(201, { sid: providerSid, status: 'queued', to: form.To, from: form.From, num_segments: '1' });
      });
    gw = await startTestGateway({ outbound: 'twilio', maxAttempts: 2 });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
  });
  afterAll(async () => {
    await gw.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('still emails, and the failure (at send time, or a later undelivered status) goes on the ticket', async () => {
    const onCall = { numbers: [BAD_NUMBER, GOOD_NUMBER], emails: ['oncall@acme.test'], repageMinutes: 5, maxPages: 2 };
    const paged = await pageUrgent(gw, teamId, teamNumber, onCall, { customer: '+48600800001' });

    // Twilio answered both: one refused (failed for good), one accepted (queued with its sid).
    const pages = await eventually(async () => {
      const rows = await sent(gw, teamId, 'urgent_page');
      const bad = rows.find((p) => p.to_address === BAD_NUMBER);
      return bad?.status === 'failed' && providerSids.has(GOOD_NUMBER) ? rows : null;
    });
    const emails = (await gw.testDb.db('notifications').where({ team_id: teamId, channel: 'email' })) as Array<{
      target: string;
      priority: string;
      status: string;
    }>;
    expect(emails).toEqual([expect.objectContaining({ target: 'oncall@acme.test', priority: 'high' })]);
    await eventually(async () => {
      const [row] = (await gw.testDb.db('notifications').where({ team_id: teamId, channel: 'email' })) as Array<{
        status: string;
      }>;
      return row?.status === 'recorded';
    });

    await gw.worker.paging.run();
    await gw.worker.paging.run(); // noted once
    expect(await timeline(gw, paged.ticketId, 'urgent_page_failed')).toEqual([
      expect.objectContaining({
        actor: 'paging',
        data: expect.objectContaining({ page: 1, number: BAD_NUMBER, reason: expect.stringContaining('21211') }),
      }),
    ]);

    // The good number's SMS is reported undelivered later: that goes on the ticket too.
    const good = pages.find((p) => p.to_address === GOOD_NUMBER)!;
    await eventually(async () => providerSids.get(GOOD_NUMBER));
    await gw
      .webhook(
        `/twilio/messages/status?mid=${good.id}`,
        fixture('message-status-undelivered-63016', { MessageSid: providerSids.get(GOOD_NUMBER)! }),
      )
      .expect(204);
    await eventually(
      async () => (await sent(gw, teamId, 'urgent_page')).find((p) => p.id === good.id)?.status === 'undelivered',
    );
    await gw.worker.paging.run();
    const failures = await timeline(gw, paged.ticketId, 'urgent_page_failed');
    expect(failures.map((f) => f.data.number)).toEqual([BAD_NUMBER, GOOD_NUMBER]);
    expect(failures[1]!.data.reason).toContain('63016');

    // Page 2 still goes out, to both numbers, and emails again.
    gw.clock.advance(5 * MINUTE);
    await gw.worker.paging.run();
    expect(await sent(gw, teamId, 'urgent_page')).toHaveLength(4);
    expect(await gw.testDb.db('notifications').where({ team_id: teamId, channel: 'email' })).toHaveLength(2);
  });

  it('never sends a page twice, whatever the number of workers running the pager at once', async () => {
    const onCall = { numbers: [GOOD_NUMBER], emails: ['oncall@acme.test'], repageMinutes: 1, maxPages: 3 };
    const otherNumber = gw.freshNumber();
    const team = await gw.createTeam({ numbers: [otherNumber], open: true });
    const tickets = [];
    for (let i = 0; i < 8; i += 1)
      tickets.push(
        await pageUrgent(gw, team, otherNumber, onCall, { customer: `+4860090${String(i).padStart(4, '0')}` }),
      );
    expect(await sent(gw, team, 'urgent_page')).toHaveLength(8);

    const pagers = [0, 1, 2].map(
      () =>
        new UrgentPager(
          storeSetTransactor(gw.testDb.db),
          new TeamConfigCache(),
          gw.clock,
          createLogger('silent'),
          PUBLIC_URL,
          { messages: async () => undefined, notifications: async () => undefined },
        ),
    );
    gw.clock.advance(MINUTE);
    const runs = await Promise.all([...pagers.map((p) => p.run()), gw.worker.paging.run()]);
    expect(runs.reduce((n, r) => n + r.paged, 0)).toBe(8);
    expect(await sent(gw, team, 'urgent_page')).toHaveLength(16);
    for (const t of tickets)
      expect((await timeline(gw, t.ticketId, 'urgent_paged')).map((e) => e.data.page)).toEqual([1, 2]);
    expect(await gw.testDb.db('notifications').where({ team_id: team, channel: 'email' })).toHaveLength(16);
  });
});
