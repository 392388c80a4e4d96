import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from '../../../channels/email/smtp-email.sender.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { createUser, signIn } from '../../helpers/panel-session.js';
import { eventually, PUBLIC_URL, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { pageUrgent, sent, startSmtpServer, timeline, tokenIn } from '../../helpers/urgent-paging.js';

interface TicketBody {
  readonly priority: string;
  readonly urgent: Record<string, unknown> | null;
  readonly events: Array<{ type: string } & Record<string, unknown>>;
}

const ON_CALL = {
  numbers: ['+48500100200', '+48500100300'],
  emails: ['oncall-a@acme.test', 'oncall-b@acme.test'],
  repageMinutes: 5,
  maxPages: 3,
};
const MINUTE = 60_000;

describe('urgent paging', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let customerSeq = 0;
  const nextCustomer = () => `+4860070${String((customerSeq += 1)).padStart(4, '0')}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gw = await startTestGateway({
      outbound: 'sandbox',
      emailSender: new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}/?from=alerts%40acme.test`),
    });
  });
  afterAll(async () => {
    await gw.close();
    await smtp.close();
  });
  beforeEach(async () => {
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
  });

  it('starts: the ticket turns urgent, each on-call number gets an URGENT text, each address a high-priority email', async () => {
    const customer = nextCustomer();
    const paged = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer });

    const ticket = (await gw.api('get', `/api/teams/${teamId}/tickets/${paged.ticketId}`).expect(200))
      .body as TicketBody;
    expect(ticket.priority).toBe('urgent');
    expect(ticket.urgent).toMatchObject({ pages: 1, acknowledgedAt: null, acknowledgedBy: null });
    expect(ticket.events.filter((e) => e.type === 'priority_changed')).toEqual([
      expect.objectContaining({ actor: 'paging', from: 'normal', to: 'urgent' }),
    ]);

    const pages = await sent(gw, teamId, 'urgent_page');
    expect(pages.map((p) => p.to_address).sort()).toEqual([...ON_CALL.numbers].sort());
    for (const p of pages) {
      expect(p.from_address).toBe(teamNumber);
      expect(p.body).toMatch(/^URGENT: Anna Nowak \(\+486007\d+\) ticket \d+: The boiler room is flooding/);
      expect(p.body).toContain(`ticket ${paged.ticketNumber}:`);
      expect(p.body).toContain(`${PUBLIC_URL}/ack/`);
      expect(p.body.length).toBeLessThanOrEqual(200);
    }
    // Each number has its own link.
    expect(new Set(pages.map((p) => tokenIn(p.body))).size).toBe(2);
    // The pages are not on the customer's thread: they were not sent to them.
    const thread = (await gw.api('get', `/api/teams/${teamId}/tickets/${paged.ticketId}/messages`).expect(200))
      .body as Array<{ kind: string | null }>;
    expect(thread.filter((m) => m.kind === 'urgent_page')).toEqual([]);

    const mails = await eventually(async () => {
      const ours = smtp.mails.filter((m) => m.raw.includes(`ticket #${paged.ticketNumber} `));
      return ours.length === 2 ? ours : null;
    });
    expect(mails.map((m) => m.to[0]).sort()).toEqual(ON_CALL.emails);
    for (const mail of mails) {
      expect(mail.raw).toMatch(/^X-Priority: 1\r?$/m);
      expect(mail.raw).toMatch(/^Importance: high\r?$/m);
      expect(mail.raw).toMatch(/^Subject: \[Support\] URGENT: ticket #\d+ from Anna Nowak\r?$/m);
      expect(mail.raw).toContain(`${PUBLIC_URL}/ack/`);
    }

    const paging = await timeline(gw, paged.ticketId, 'urgent_paged');
    expect(paging).toEqual([
      expect.objectContaining({
        actor: 'paging',
        data: { page: 1, maxPages: 3, numbers: ON_CALL.numbers, emails: ON_CALL.emails },
      }),
    ]);
    const events = await gw.testDb.db('team_events').where({ ticket_id: paged.ticketId, type: 'page.sent' });
    expect(events).toHaveLength(1);
  });

  it('repages every repageMinutes until maxPages, then stops and says so on the ticket', async () => {
    const paged = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer() });
    const count = async () => (await sent(gw, teamId, 'urgent_page')).length;
    expect(await count()).toBe(2);

    gw.clock.advance(4 * MINUTE);
    await gw.worker.paging.run();
    expect(await count()).toBe(2); // not due yet

    gw.clock.advance(1 * MINUTE);
    await gw.worker.paging.run();
    expect(await count()).toBe(4);
    expect((await sent(gw, teamId, 'urgent_page')).at(-1)!.body).toMatch(/^URGENT \(page 2\): /);

    gw.clock.advance(5 * MINUTE);
    await gw.worker.paging.run();
    await gw.worker.paging.run(); // a second pass at the same instant sends nothing more
    expect(await count()).toBe(6);
    expect(await timeline(gw, paged.ticketId, 'urgent_paging_stopped')).toEqual([]);

    gw.clock.advance(5 * MINUTE);
    await gw.worker.paging.run();
    expect(await count()).toBe(6); // maxPages went out: no fourth page
    expect(await timeline(gw, paged.ticketId, 'urgent_paging_stopped')).toEqual([
      expect.objectContaining({ data: { pages: 3, acknowledged: false } }),
    ]);
    expect((await timeline(gw, paged.ticketId, 'urgent_paged')).map((e) => e.data.page)).toEqual([1, 2, 3]);

    gw.clock.advance(60 * MINUTE);
    await gw.worker.paging.run();
    expect(await count()).toBe(6);
    const ticket = (await gw.api('get', `/api/teams/${teamId}/tickets/${paged.ticketId}`).expect(200)).body;
    expect(ticket.urgent).toMatchObject({ pages: 3, acknowledgedAt: null });
    expect(ticket.urgent.stoppedAt).not.toBeNull();
  });

  it('acknowledges by the link: GET only shows a confirm button, POST acknowledges as that number, once', async () => {
    const paged = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer() });
    const [first] = (await sent(gw, teamId, 'urgent_page')).filter((p) => p.to_address === ON_CALL.numbers[1]);
    const path = `/ack/${tokenIn(first!.body)}`;

    const shown = await request(gw.app).get(path).expect(200);
    expect(shown.headers['content-type']).toMatch(/text\/html/);
    expect(shown.text).toContain('<form method="post"');
    expect(shown.text).toContain('id="ack-confirm"');
    expect(await timeline(gw, paged.ticketId, 'urgent_acknowledged')).toEqual([]); // a preview acknowledges nothing

    const done = await request(gw.app).post(path).expect(200);
    expect(done.text).toContain('<h1 id="ack-state">Acknowledged</h1>');
    expect(done.text).toContain(ON_CALL.numbers[1]);
    expect(await timeline(gw, paged.ticketId, 'urgent_acknowledged')).toEqual([
      expect.objectContaining({
        actor: `on-call:${ON_CALL.numbers[1]}`,
        data: { by: ON_CALL.numbers[1], via: 'link', pages: 1 },
      }),
    ]);
    const told = await sent(gw, teamId, 'after_hours_flow_step');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to_address: paged.customer, from_address: teamNumber, channel: 'sms' });
    expect(told[0]!.body).toBe(
      `${ON_CALL.numbers[1]} is on your urgent issue (ticket ${paged.ticketNumber}) and will contact you shortly.`,
    );
    expect(
      await gw.testDb.db('team_events').where({ ticket_id: paged.ticketId, type: 'page.acknowledged' }),
    ).toHaveLength(1);

    // Again, by the link or the other number's link: says by whom, tells nobody anything new.
    const again = await request(gw.app).post(path).expect(200);
    expect(again.text).toContain('Already acknowledged');
    const other = (await sent(gw, teamId, 'urgent_page')).find((p) => p.to_address === ON_CALL.numbers[0])!;
    const shownLater = await request(gw.app)
      .get(`/ack/${tokenIn(other.body)}`)
      .expect(200);
    expect(shownLater.text).toContain(`<strong id="ack-by">${ON_CALL.numbers[1]}</strong>`);
    expect(shownLater.text).not.toContain('<form');
    expect(await sent(gw, teamId, 'after_hours_flow_step')).toHaveLength(1);
    expect(await timeline(gw, paged.ticketId, 'urgent_acknowledged')).toHaveLength(1);

    // Paging stopped.
    gw.clock.advance(30 * MINUTE);
    await gw.worker.paging.run();
    expect(await sent(gw, teamId, 'urgent_page')).toHaveLength(2);
  });

  it('answers an unknown or malformed link with a 404 page', async () => {
    const unknown = await request(gw.app).get('/ack/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(unknown.text).toContain('Unknown link');
    await request(gw.app).post('/ack/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    await request(gw.app).get('/ack/short').expect(404);
    await request(gw.app)
      .post(`/ack/${'x'.repeat(300)}`)
      .expect(404);
  });

  it('acknowledges by an ACK text from the paged number: the newest open page, a confirmation, no ticket for them', async () => {
    const older = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer() });
    gw.clock.advance(MINUTE);
    const newer = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer(), customerName: null });
    const onCall = ON_CALL.numbers[0]!;

    await receiveMessage(gw, { from: onCall, to: teamNumber, body: '  ack ' });

    expect(await timeline(gw, newer.ticketId, 'urgent_acknowledged')).toEqual([
      expect.objectContaining({ actor: `on-call:${onCall}`, data: { by: onCall, via: 'reply', pages: 1 } }),
    ]);
    expect(await timeline(gw, older.ticketId, 'urgent_acknowledged')).toEqual([]);
    expect(await gw.testDb.db('tickets').where({ team_id: teamId, customer: onCall })).toEqual([]);
    const confirmation = (await sent(gw, teamId, 'urgent_page')).filter((p) => p.body.startsWith('Acknowledged'));
    expect(confirmation).toEqual([
      expect.objectContaining({ to_address: onCall, from_address: teamNumber, channel: 'sms' }),
    ]);
    expect(confirmation[0]!.body).toContain(`ticket ${newer.ticketNumber} (${newer.customer})`);
    const told = await sent(gw, teamId, 'after_hours_flow_step');
    expect(told.map((m) => m.to_address)).toEqual([newer.customer]);
    const events = (await gw.testDb.db('webhook_events').where({ team_id: teamId })) as Array<{ decision: unknown }>;
    const decisions = events.map((e) =>
      typeof e.decision === 'string' ? (JSON.parse(e.decision) as unknown) : e.decision,
    ) as Array<{ urgentAcknowledged?: { ticketId: string } } | null>;
    expect(decisions.filter((d) => d?.urgentAcknowledged).map((d) => d!.urgentAcknowledged!.ticketId)).toEqual([
      newer.ticketId,
    ]);

    // The next ACK takes the older page.
    await receiveMessage(gw, { from: onCall, to: teamNumber, body: 'ACK' });
    expect(await timeline(gw, older.ticketId, 'urgent_acknowledged')).toHaveLength(1);
    expect(await sent(gw, teamId, 'after_hours_flow_step')).toHaveLength(2);
  });

  it('treats ACK from a number that was not paged, and other texts from a paged number, as ordinary messages', async () => {
    await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer() });
    const stranger = nextCustomer();
    await receiveMessage(gw, { from: stranger, to: teamNumber, body: 'ACK' });
    expect(await gw.testDb.db('tickets').where({ team_id: teamId, customer: stranger })).toHaveLength(1);
    await receiveMessage(gw, { from: ON_CALL.numbers[0]!, to: teamNumber, body: 'ack, on my way' });
    expect(await gw.testDb.db('tickets').where({ team_id: teamId, customer: ON_CALL.numbers[0] })).toHaveLength(1);
    expect(await sent(gw, teamId, 'after_hours_flow_step')).toEqual([]);
  });

  it('acknowledges from the Inbox: the signed-in agent is who; 409 when there is nothing to acknowledge; 404 for another team', async () => {
    const paged = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: nextCustomer(), channel: 'whatsapp' });
    await createUser(gw, teamId, `ewa-${teamId}@acme.test`, 'agent');
    const agent = await signIn(gw, `ewa-${teamId}@acme.test`);
    const path = `/api/teams/${teamId}/tickets/${paged.ticketId}/acknowledge`;

    const done = await agent.api('post', path).expect(200);
    expect(done.body).toMatchObject({
      ticketId: paged.ticketId,
      acknowledgedBy: `ewa-${teamId}`,
      via: 'inbox',
      pages: 1,
    });
    const ticket = (await agent.api('get', `/api/teams/${teamId}/tickets/${paged.ticketId}`).expect(200))
      .body as TicketBody;
    expect(ticket.urgent).toMatchObject({ acknowledgedBy: `ewa-${teamId}`, acknowledgedVia: 'inbox' });
    expect(ticket.events.filter((e) => e.type === 'urgent_acknowledged')).toEqual([
      expect.objectContaining({ actor: `user:ewa-${teamId}@acme.test`, by: `ewa-${teamId}`, via: 'inbox' }),
    ]);
    const told = await sent(gw, teamId, 'after_hours_flow_step');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ to_address: paged.customer, channel: 'whatsapp' });
    expect(told[0]!.body).toContain(`ewa-${teamId} is on your urgent issue`);

    const again = await agent.api('post', path).expect(409);
    expect(again.body.error).toMatchObject({ code: 'already_acknowledged' });
    expect(again.body.error.message).toContain(`ewa-${teamId}`);
    expect(await sent(gw, teamId, 'after_hours_flow_step')).toHaveLength(1);

    await receiveMessage(gw, { from: nextCustomer(), to: teamNumber, body: 'just a question' });
    const plain = (await gw.testDb.db('tickets').where({ team_id: teamId }).orderBy('number', 'desc').first()) as {
      id: string;
    };
    const none = await agent.api('post', `/api/teams/${teamId}/tickets/${plain.id}/acknowledge`).expect(409);
    expect(none.body.error).toMatchObject({ code: 'not_paged' });

    await agent.api('post', `/api/teams/${teamId}/tickets/no-such-ticket/acknowledge`).expect(404);
    const otherNumber = gw.freshNumber();
    const otherTeam = await gw.createTeam({ numbers: [otherNumber], open: true });
    const theirs = await pageUrgent(gw, otherTeam, otherNumber, ON_CALL, { customer: nextCustomer() });
    await agent.api('post', `/api/teams/${otherTeam}/tickets/${theirs.ticketId}/acknowledge`).expect(404);
    await agent.api('post', `/api/teams/${teamId}/tickets/${theirs.ticketId}/acknowledge`).expect(404);
    expect(await timeline(gw, theirs.ticketId, 'urgent_acknowledged')).toEqual([]);
    await request(gw.app).post(`/api/teams/${teamId}/tickets/${paged.ticketId}/acknowledge`).expect(401);
  });
});
