import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from '../../../channels/email/smtp-email.sender.js';
import { TeamConfigCache } from '../../../src/auto-replies/team-config.js';
import { createLogger } from '../../../src/logger.js';
import { NotificationDispatcher } from '../../../src/notifications/notification-dispatcher.js';
import { storeSetTransactor } from '../../../src/store-set.js';
import { fallBackOnTicket } from '../../../src/unread-fallback/unread-fallback.service.js';
import { UnreadFallbackScanner } from '../../../src/unread-fallback/unread-fallback-scanner.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { fixture } from '../../helpers/twilio-signing.js';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';
import { sent, startSmtpServer, timeline } from '../../helpers/urgent-paging.js';

const SECOND = 1_000;
const HOUR = 3_600_000;
// Tuesday 11:00 in Warsaw: no quiet hours.
const MORNING = '2026-11-24T10:00:00Z';
const TEMPLATE_SID = `HX${'a1'.repeat(16)}`;

interface MessageRow {
  readonly id: string;
  readonly status: string;
  readonly provider_message_id: string | null;
  readonly read_at: Date | string | null;
  readonly channel: string;
  readonly ticket_id: string | null;
  readonly body: string;
  readonly content: { sid: string; variables: Record<string, string> } | string | null;
  readonly send_after: Date | string | null;
}

describe('unread replies fall back to another channel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let agent: string;
  let seq = 0;
  const nextCustomer = () => `+4860080${String((seq += 1)).padStart(4, '0')}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gw = await startTestGateway({
      outbound: 'sandbox',
      clock: testClock(MORNING),
      emailSender: new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}/?from=support%40acme.test`),
    });
  });
  afterAll(async () => {
    await gw.close();
    await smtp.close();
  });
  beforeEach(async () => {
    gw.clock.set(MORNING);
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    agent = (await gw.api('post', `/api/teams/${teamId}/tokens`).send({ role: 'agent' }).expect(201)).body
      .token as string;
  });

  const settings = (unreadFallback: object) => gw.api('patch', `/api/teams/${teamId}`).send({ unreadFallback });

  /** The customer writes; returns their open ticket. */
  async function write(customer: string, channel: 'sms' | 'whatsapp' = 'sms', body = 'Where is my parcel?') {
    await receiveMessage(gw, { from: customer, to: teamNumber, body, channel });
    const ticket = (await gw.testDb
      .db('tickets')
      .where({ team_id: teamId, customer })
      .orderBy('number', 'desc')
      .first()) as { id: string; number: number };
    return ticket;
  }

  /** An agent answers on the ticket; waits until the provider took it. */
  async function reply(ticketId: string, body: string, channel?: 'sms' | 'whatsapp'): Promise<MessageRow> {
    const res = await gw
      .api('post', `/api/teams/${teamId}/tickets/${ticketId}/messages`, agent)
      .send({ body, ...(channel ? { channel } : {}) })
      .expect(202);
    const id = res.body.id as string;
    return eventually(async () => {
      const row = (await gw.testDb.db('messages').where({ id }).first()) as MessageRow;
      return row.provider_message_id ? row : null;
    });
  }

  async function status(message: MessageRow, name: 'message-status-read' | 'message-status-delivered') {
    await gw
      .webhook(`/twilio/messages/status?mid=${message.id}`, fixture(name, { MessageSid: message.provider_message_id! }))
      .expect(204);
    await eventually(async () => {
      const row = (await gw.testDb.db('messages').where({ id: message.id }).first()) as MessageRow;
      return row.read_at !== null || row.status === (name === 'message-status-read' ? 'read' : 'delivered');
    });
  }

  const fallbacks = (ticketId: string) => gw.stores.unreadFallbacks.listForTicket(ticketId);
  const fallbackMessages = () => sent(gw, teamId, 'unread_fallback');
  const decisions = async () =>
    (await gw.api('get', `/api/teams/${teamId}/decisions?kind=unread_fallback`).expect(200)).body as Array<{
      action: string;
      reason: string;
      ticketId: string | null;
    }>;
  /** What a form told us (the contact exists once they wrote). */
  const knowEmail = (customer: string, email: string) =>
    gw.stores.contacts.recordLead(teamId, customer, { name: 'Anna', email, source: 'after_hours_flow:test' });
  const run = () => gw.worker.unreadFallback.run();

  it('sends a WhatsApp reply nobody read once more by SMS after afterSeconds, on the ticket thread, once', async () => {
    await settings({ afterSeconds: 60 }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    const first = await reply(ticket.id, 'Your parcel left the warehouse today.');

    gw.clock.advance(59 * SECOND);
    await run();
    expect(await fallbackMessages()).toEqual([]); // not due yet

    gw.clock.advance(1 * SECOND);
    await run();
    await run(); // a second pass sends nothing more
    const [fallback, ...more] = await fallbackMessages();
    expect(more).toEqual([]);
    expect(fallback).toMatchObject({ channel: 'sms', to_address: customer, from_address: teamNumber });
    expect(fallback!.body).toBe(
      `You have 1 new reply on your request #${ticket.number}:\n"Your parcel left the warehouse today."`,
    );
    const thread = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}/messages`, agent).expect(200))
      .body as Array<{ id: string; channel: string }>;
    expect(thread.find((m) => m.id === fallback!.id)).toMatchObject({ channel: 'sms' });
    expect(await timeline(gw, ticket.id, 'unread_fallback_sent')).toEqual([
      expect.objectContaining({
        data: { channel: 'sms', to: customer, messageIds: [first.id], messageId: fallback!.id },
      }),
    ]);
    expect(await decisions()).toEqual([expect.objectContaining({ action: 'send', reason: 'sent' })]);
    await eventually(async () => (await fallbackMessages())[0]!.status === 'sent');

    // The customer answers the fallback SMS: it joins the same open ticket.
    gw.clock.advance(60 * SECOND);
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Thanks!' });
    const tickets = (await gw.testDb.db('tickets').where({ team_id: teamId, customer })) as Array<{ id: string }>;
    expect(tickets.map((t) => t.id)).toEqual([ticket.id]);
  });

  it('groups several unread replies into one message, and leaves out one read in the meantime', async () => {
    await settings({ afterSeconds: 60 }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    const a = await reply(ticket.id, 'First answer.');
    gw.clock.advance(10 * SECOND);
    const b = await reply(ticket.id, 'Second answer, read at once.');
    gw.clock.advance(10 * SECOND);
    const c = await reply(ticket.id, 'Third answer.');
    await status(b, 'message-status-read');

    gw.clock.advance(60 * SECOND);
    await run();
    const messages = await fallbackMessages();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toBe(
      `You have 2 new replies on your request #${ticket.number}:\n"First answer."\n"Third answer."`,
    );
    expect((await fallbacks(ticket.id)).map((f) => f.replyIds)).toEqual([[a.id, c.id]]);

    // A later reply is a later fallback of its own; the covered ones never go again.
    gw.clock.advance(5 * SECOND);
    const d = await reply(ticket.id, 'Fourth answer.');
    gw.clock.advance(60 * SECOND);
    await run();
    expect((await fallbackMessages()).map((m) => m.body.split('\n').slice(1))).toEqual([
      ['"First answer."', '"Third answer."'],
      ['"Fourth answer."'],
    ]);
    expect((await fallbacks(ticket.id))[0]!.replyIds).toEqual([d.id]);
  });

  it('sends nothing for replies WhatsApp reports read', async () => {
    await settings({ afterSeconds: 30 }).expect(200);
    const ticket = await write(nextCustomer(), 'whatsapp');
    const message = await reply(ticket.id, 'All done.');
    await status(message, 'message-status-read');
    gw.clock.advance(HOUR);
    await run();
    expect(await fallbackMessages()).toEqual([]);
    expect(await fallbacks(ticket.id)).toEqual([]);
  });

  it('counts a delivered SMS as read by default, and not when the team turns smsDeliveredIsRead off', async () => {
    await settings({ afterSeconds: 30, channels: ['email'] }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer);
    await knowEmail(customer, 'anna@example.com');
    const delivered = await reply(ticket.id, 'Delivered means read.');
    await status(delivered, 'message-status-delivered');
    const row = (await gw.testDb.db('messages').where({ id: delivered.id }).first()) as MessageRow;
    expect(row.read_at).not.toBeNull();
    gw.clock.advance(60 * SECOND);
    await run();
    expect(await fallbacks(ticket.id)).toEqual([]);

    await settings({ smsDeliveredIsRead: false }).expect(200);
    const second = await reply(ticket.id, 'Delivered is not read now.');
    await status(second, 'message-status-delivered');
    expect(((await gw.testDb.db('messages').where({ id: second.id }).first()) as MessageRow).read_at).toBeNull();
    gw.clock.advance(60 * SECOND);
    await run();
    expect(await fallbacks(ticket.id)).toEqual([
      expect.objectContaining({ action: 'send', channel: 'email', target: 'anna@example.com', replyIds: [second.id] }),
    ]);
  });

  it('emails an unread SMS reply when the address is known: a notification row, the ticket named in the subject', async () => {
    await settings({ afterSeconds: 30, smsDeliveredIsRead: false }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer);
    await knowEmail(customer, 'ewa@example.com');
    const message = await reply(ticket.id, 'We refunded you: 49.90 EUR, in 3 days.');
    gw.clock.advance(30 * SECOND);
    await run();

    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('ewa@example.com')));
    const headers = mail.raw.replace(/\r?\n[ \t]+/g, ' '); // a long Subject is folded
    expect(headers).toContain(`Subject: Acme: new replies on your request #${ticket.number} [ticket:${ticket.id}]`);
    expect(mail.raw).toContain('"We refunded you: 49.90 EUR, in 3 days."');
    const notification = await gw.testDb
      .db('notifications')
      .where({ team_id: teamId, event: 'unread_fallback.email' })
      .first();
    expect(notification).toMatchObject({ channel: 'email', target: 'ewa@example.com' });
    expect(await timeline(gw, ticket.id, 'unread_fallback_sent')).toEqual([
      expect.objectContaining({ data: { channel: 'email', to: 'ewa@example.com', messageIds: [message.id] } }),
    ]);
    expect(await fallbackMessages()).toEqual([]); // no SMS: that is where the reply went unread
  });

  it('follows the team order: email before SMS when the order says so', async () => {
    await settings({ afterSeconds: 30, channels: ['email', 'sms'] }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    await knowEmail(customer, 'olga@example.com');
    await reply(ticket.id, 'Answer.');
    gw.clock.advance(30 * SECOND);
    await run();
    expect((await fallbacks(ticket.id)).map((f) => [f.channel, f.target])).toEqual([['email', 'olga@example.com']]);
    expect(await fallbackMessages()).toEqual([]);
  });

  it('goes to the next channel when the number opted out', async () => {
    await settings({ afterSeconds: 30 }).expect(200);
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    await knowEmail(customer, 'stop@example.com');
    await reply(ticket.id, 'Answer.');
    await gw.webhook('/twilio/messages', fixture('sms-inbound-stop', { From: customer, To: teamNumber })).expect(200);
    await eventually(async () => (await gw.stores.contacts.get(teamId, customer))?.optedOut);
    gw.clock.advance(30 * SECOND);
    await run();
    expect((await fallbacks(ticket.id)).map((f) => [f.channel, f.target])).toEqual([['email', 'stop@example.com']]);
  });

  it('sends the WhatsApp template when the window has closed and a template is set', async () => {
    await settings({
      afterSeconds: 30,
      smsDeliveredIsRead: false,
      whatsappTemplate: { contentSid: TEMPLATE_SID, contentVariables: { '1': '{{ replies }}' } },
    }).expect(200);
    const customer = nextCustomer();
    await write(customer, 'whatsapp');
    gw.clock.advance(25 * HOUR);
    const ticket = await write(customer, 'sms', 'Any news?');
    const message = await reply(ticket.id, 'It ships tomorrow.', 'sms');
    gw.clock.advance(30 * SECOND);
    await run();
    const [fallback] = await fallbackMessages();
    expect(fallback).toMatchObject({ channel: 'whatsapp', to_address: customer });
    const row = (await gw.testDb.db('messages').where({ id: fallback!.id }).first()) as MessageRow;
    const content = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
    expect(content).toEqual({
      sid: TEMPLATE_SID,
      variables: { '1': `You have 1 new reply on your request #${ticket.number}:\n"It ships tomorrow."` },
    });
    expect((await fallbacks(ticket.id))[0]).toMatchObject({ channel: 'whatsapp_template', replyIds: [message.id] });
    expect(await decisions()).toEqual([
      expect.objectContaining({ action: 'send', reason: 'sent_as_whatsapp_template' }),
    ]);
  });

  it('skips with its reason in GET /decisions when nothing can reach the customer', async () => {
    await settings({ afterSeconds: 30, smsDeliveredIsRead: false }).expect(200);
    const ticket = await write(nextCustomer());
    const message = await reply(ticket.id, 'Answer.');
    gw.clock.advance(30 * SECOND);
    await run();
    await run();
    expect(await decisions()).toEqual([
      expect.objectContaining({
        action: 'skip',
        ticketId: ticket.id,
        reason: 'no_reachable_channel (whatsapp_template=no_whatsapp_history, sms=same_channel, email=no_email)',
      }),
    ]);
    // Covered: never decided again; the timeline stays as it was.
    expect(await fallbacks(ticket.id)).toEqual([
      expect.objectContaining({ action: 'skip', channel: null, replyIds: [message.id] }),
    ]);
    expect(await timeline(gw, ticket.id, 'unread_fallback_sent')).toEqual([]);
  });

  it("holds the fallback through the customer's quiet hours, and leaves out what they read overnight", async () => {
    await settings({ afterSeconds: 60 }).expect(200);
    gw.clock.set('2026-11-24T21:30:00Z'); // 22:30 in Warsaw
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    const first = await reply(ticket.id, 'Late answer.');
    const second = await reply(ticket.id, 'Read overnight.');
    gw.clock.advance(60 * SECOND);
    await run();
    expect(await fallbackMessages()).toEqual([]);
    expect(await decisions()).toEqual([]);

    await status(second, 'message-status-read');
    gw.clock.set('2026-11-25T06:59:00Z'); // 07:59 in Warsaw: still quiet
    await run();
    expect(await fallbackMessages()).toEqual([]);

    gw.clock.set('2026-11-25T07:00:00Z'); // 08:00 in Warsaw
    await run();
    const [fallback, ...more] = await fallbackMessages();
    expect(more).toEqual([]);
    expect(fallback).toMatchObject({ channel: 'sms' });
    expect(fallback!.body).toBe(`You have 1 new reply on your request #${ticket.number}:\n"Late answer."`);
    expect((await fallbacks(ticket.id)).map((f) => f.replyIds)).toEqual([[first.id]]);
    expect(await decisions()).toEqual([expect.objectContaining({ action: 'send', reason: 'sent' })]);
  });

  it('holds an email fallback through quiet hours too', async () => {
    await settings({ afterSeconds: 30, channels: ['email'] }).expect(200);
    gw.clock.set('2026-11-24T21:30:00Z'); // 22:30 in Warsaw
    const customer = nextCustomer();
    const ticket = await write(customer, 'whatsapp');
    await knowEmail(customer, 'night@example.com');
    await reply(ticket.id, 'Late answer.');
    gw.clock.advance(30 * SECOND);
    await run();
    expect(await fallbacks(ticket.id)).toEqual([]);
    gw.clock.set('2026-11-25T07:00:00Z');
    await run();
    expect((await fallbacks(ticket.id)).map((f) => [f.channel, f.target])).toEqual([['email', 'night@example.com']]);
  });

  it('does nothing when the team turned it off', async () => {
    await settings({ enabled: false, afterSeconds: 30 }).expect(200);
    const ticket = await write(nextCustomer(), 'whatsapp');
    await reply(ticket.id, 'Answer.');
    gw.clock.advance(HOUR);
    await run();
    expect(await fallbacks(ticket.id)).toEqual([]);
  });

  it('sends once with two workers at the same instant', async () => {
    await settings({ afterSeconds: 30 }).expect(200);
    const tickets = [];
    for (let i = 0; i < 4; i += 1) {
      const ticket = await write(nextCustomer(), 'whatsapp');
      await reply(ticket.id, `Answer ${i}.`);
      await reply(ticket.id, `More ${i}.`);
      tickets.push(ticket);
    }
    gw.clock.advance(30 * SECOND);
    const worker = () =>
      new UnreadFallbackScanner(
        storeSetTransactor(gw.testDb.db),
        new TeamConfigCache(),
        gw.clock,
        createLogger('silent'),
        {
          messages: (claimed) => gw.dispatcher.sendClaimed(claimed),
          notifications: (ids) => new NotificationDispatcher(gw.queue, createLogger('silent')).dispatch(ids),
        },
      );
    const [a, b] = await Promise.all([worker().run(), worker().run()]);
    expect(a.tickets + b.tickets).toBe(4);
    const messages = await fallbackMessages();
    expect(messages).toHaveLength(4);
    for (const t of tickets) expect((await fallbacks(t.id)).map((f) => f.replyIds.length)).toEqual([2]);
  });

  it('survives a crash in the middle: the step repeats whole, and a new process finds it from the rows', async () => {
    await settings({ afterSeconds: 30 }).expect(200);
    const ticket = await write(nextCustomer(), 'whatsapp');
    await reply(ticket.id, 'Answer.');
    gw.clock.advance(30 * SECOND);
    const transact = storeSetTransactor(gw.testDb.db);
    const configs = new TeamConfigCache();
    // The process dies after deciding and sending, before the commit: nothing of it stays.
    await expect(
      transact(async (s) => {
        const claim = await s.unreadFallbacks.claimDueTicket(gw.clock());
        await fallBackOnTicket(s, (await configs.get(s, claim!.teamId))!, claim!.ticketId, gw.clock());
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await fallbackMessages()).toEqual([]);
    expect(await fallbacks(ticket.id)).toEqual([]);

    // Restarted: a fresh scanner (no memory of its own) sends it, once.
    gw.clock.advance(5 * SECOND);
    const restarted = new UnreadFallbackScanner(transact, new TeamConfigCache(), gw.clock, createLogger('silent'), {
      messages: (claimed) => gw.dispatcher.sendClaimed(claimed),
      notifications: async () => undefined,
    });
    expect(await restarted.run()).toEqual({ tickets: 1 });
    expect(await restarted.run()).toEqual({ tickets: 0 });
    expect(await fallbackMessages()).toHaveLength(1);
  });

  describe('the setting', () => {
    it('defaults: on, 300 s, whatsapp_template then sms then email, delivered SMS read', async () => {
      const team = (await gw.api('get', `/api/teams/${teamId}`).expect(200)).body as { unreadFallback: unknown };
      expect(team.unreadFallback).toEqual({
        enabled: true,
        afterSeconds: 300,
        channels: ['whatsapp_template', 'sms', 'email'],
        smsDeliveredIsRead: true,
        whatsappTemplate: null,
      });
      const patched = (await settings({ channels: ['email'], afterSeconds: 120 }).expect(200)).body as {
        unreadFallback: { channels: string[]; afterSeconds: number; enabled: boolean };
      };
      expect(patched.unreadFallback).toMatchObject({ channels: ['email'], afterSeconds: 120, enabled: true });
    });

    it.each([
      [{ afterSeconds: 29 }, 'unreadFallback.afterSeconds', /at least 30/],
      [{ afterSeconds: 86_401 }, 'unreadFallback.afterSeconds', /at most 86400/],
      [{ channels: ['sms', 'fax'] }, 'unreadFallback.channels.1', /"fax" is not a fallback channel/],
      [{ channels: ['sms', 'sms'] }, 'unreadFallback.channels', /same channel twice/],
      [{ whatsappTemplate: { contentSid: 'nope' } }, 'unreadFallback.whatsappTemplate.contentSid', /Content SID/],
    ])('refuses %j with a 422 naming the field', async (body, field, message) => {
      const res = await settings(body).expect(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field });
      expect(res.body.error.message).toMatch(message);
    });
  });
});
