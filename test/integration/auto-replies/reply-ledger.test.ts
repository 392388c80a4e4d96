import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, SendResult } from '../../../channels/contract.js';
import { SandboxMessagingAdapter } from '../../../channels/sandbox/sandbox-messaging.adapter.js';
import { planAutoReply } from '../../../src/auto-replies/auto-reply.service.js';
import { loadTeamConfig } from '../../../src/auto-replies/team-config.js';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { eventually, startTestGateway, type TestClock, type TestGateway } from '../../helpers/test-gateway.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Sends nothing, and answers every message to an auto-responder's number at once, as such a phone does. */
class SandboxWithAutoResponders extends SandboxMessagingAdapter {
  readonly responders = new Map<string, (to: OutboundMessage) => Promise<void>>();
  readonly answers: Promise<void>[] = [];

  override async send(message: OutboundMessage): Promise<SendResult> {
    const result = await super.send(message);
    const answer = this.responders.get(message.to);
    if (answer) this.answers.push(answer(message));
    return result;
  }
}

/**
 * A clock that runs, from wherever a test sets it. The webhook intake stamps a customer's message
 * with the real time; run at the real time (offset 0), our replies and their answers share one
 * timeline, as they do in production.
 */
function runningClock(): TestClock {
  let offset = 0;
  const clock = (() => new Date(Date.now() + offset)) as TestClock;
  clock.set = (iso) => {
    offset = new Date(iso).getTime() - Date.now();
  };
  clock.advance = (ms) => {
    offset += ms;
  };
  return clock;
}

let polishSeq = 1_000_000;
/** A Polish number: one time zone, Europe/Warsaw. */
const polish = () => `+4822${++polishSeq}`;

interface DecisionView {
  action: string;
  reason: string;
  kind: string;
  messageId: string | null;
  sendAfter: string | null;
}

describe('the reply ledger: every automated message decided and recorded in one place', () => {
  let gw: TestGateway;
  const adapter = new SandboxWithAutoResponders();
  beforeAll(async () => {
    gw = await startTestGateway({ adapter, clock: runningClock() });
  });
  afterAll(async () => {
    await Promise.allSettled(adapter.answers);
    await gw.close();
  });

  /** A team closed all week (22:30 in Warsaw by the test clock) whose after-hours reply answers every text. */
  async function closedTeam(replyLedger?: object): Promise<{ teamId: string; number: string }> {
    const number = gw.freshNumber();
    const teamId = await gw.createTeam({ numbers: [number] });
    await gw
      .api('put', `/api/teams/${teamId}/auto-replies/after_hours_text`)
      .send({ repeatWindowHours: 0 })
      .expect(200);
    if (replyLedger) await gw.api('patch', `/api/teams/${teamId}`).send({ replyLedger }).expect(200);
    return { teamId, number };
  }

  const decisions = async (teamId: string, customer: string): Promise<DecisionView[]> =>
    (await gw.api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`).expect(200))
      .body as DecisionView[];
  const reasons = async (teamId: string, customer: string) =>
    (await decisions(teamId, customer)).map((d) => d.reason).reverse();
  const automatedTo = async (teamId: string, customer: string) =>
    (
      (await gw.api('get', `/api/teams/${teamId}/messages?to=${encodeURIComponent(customer)}`).expect(200)).body as {
        kind: string | null;
      }[]
    ).filter((m) => m.kind !== null);

  /** What the rules engine does for a `send_reply` action: one call to the ledger, in its own transaction. */
  async function automatedSend(teamId: string, customer: string, kind: string, channel: 'sms' | 'whatsapp' = 'sms') {
    const config = (await loadTeamConfig(gw.stores, teamId))!;
    const contact = await gw.stores.contacts.lockForReply(teamId, customer);
    return planAutoReply(gw.stores, {
      config,
      contact,
      claim: false,
      kind,
      channel,
      customer,
      teamNumber: config.team.numbers[0]!,
      eventId: null,
      isKeyword: false,
      afterHoursOnly: false,
      customerName: null,
      ticket: null,
      variables: { rating_link: 'https://rate.test/r/1' },
      now: gw.clock(),
    });
  }

  describe('the loop breaker', () => {
    it('stops answering a scripted auto-responder after two replies, and says why', async () => {
      gw.clock.set(new Date()); // real time: the responder's messages are stamped with it
      const { teamId, number } = await closedTeam();
      const responder = freshCustomer();
      // Every message of ours is answered through the signed Twilio webhook at once.
      adapter.responders.set(responder, async () => {
        const messageSid = sid();
        const params = fixture('sms-inbound', {
          MessageSid: messageSid,
          SmsSid: messageSid,
          From: responder,
          To: number,
          Body: 'I am out of the office until Monday. This is an automated reply.',
        });
        expect((await gw.webhook('/twilio/messages', params)).status).toBe(200);
      });
      await receiveMessage(gw, { from: responder, to: number, body: 'Is my order shipped?' });

      await eventually(async () => (await reasons(teamId, responder)).includes('auto_responder'));
      await Promise.all(adapter.answers);
      // Two replies, each answered within milliseconds: the third is not sent, well under the hourly limit of 3.
      expect(await reasons(teamId, responder)).toEqual(['sent', 'sent', 'auto_responder']);
      expect(await automatedTo(teamId, responder)).toHaveLength(2);
      expect(adapter.sent.filter((m) => m.to === responder)).toHaveLength(2);
      adapter.responders.delete(responder);
    });

    it('sends at most 3 automated messages to one customer in an hour (a person writing every 30 s)', async () => {
      const { teamId, number } = await closedTeam();
      const customer = freshCustomer();
      for (const body of ['hello?', 'anyone?', 'please', 'still there?']) {
        gw.clock.advance(30 * SECOND);
        await receiveMessage(gw, { from: customer, to: number, body });
      }
      expect(await reasons(teamId, customer)).toEqual(['sent', 'sent', 'sent', 'hourly_limit']);
      // An hour after the first reply the budget frees up again.
      gw.clock.advance(HOUR);
      await receiveMessage(gw, { from: customer, to: number, body: 'good morning' });
      expect((await reasons(teamId, customer)).at(-1)).toBe('sent');
      expect(await automatedTo(teamId, customer)).toHaveLength(4);
    });

    it('takes the limit from the team settings', async () => {
      const { teamId, number } = await closedTeam({ maxPerCustomerPerHour: 1 });
      const customer = freshCustomer();
      for (const body of ['one', 'two']) {
        gw.clock.advance(30 * SECOND);
        await receiveMessage(gw, { from: customer, to: number, body });
      }
      expect(await reasons(teamId, customer)).toEqual(['sent', 'hourly_limit']);
    });
  });

  describe('suppressed while an agent is active', () => {
    /** The customer writes, an agent answers a minute later, and the customer writes back a minute after that. */
    async function agentAnswersBetween(replyLedger?: object) {
      const { teamId, number } = await closedTeam(replyLedger);
      const customer = freshCustomer();
      await receiveMessage(gw, { from: customer, to: number, body: 'my parcel is late' });
      gw.clock.advance(MINUTE);
      await gw
        .api('post', `/api/teams/${teamId}/messages`)
        .send({ to: customer, channel: 'sms', from: number, body: 'Looking into it now.' })
        .expect(202);
      gw.clock.advance(MINUTE);
      await receiveMessage(gw, { from: customer, to: number, body: 'thanks!' });
      return { teamId, number, customer };
    }

    it('skips the automated reply for 5 minutes after an agent wrote on the ticket', async () => {
      const { teamId, number, customer } = await agentAnswersBetween();
      gw.clock.advance(4 * MINUTE); // 5 minutes after the agent's message
      await receiveMessage(gw, { from: customer, to: number, body: 'any news?' });
      expect(await reasons(teamId, customer)).toEqual(['sent', 'agent_active', 'sent']);
    });

    it('follows the team setting (0 switches the guard off)', async () => {
      const { teamId, customer } = await agentAnswersBetween({ agentActiveMinutes: 0 });
      expect(await reasons(teamId, customer)).toEqual(['sent', 'sent']);
    });
  });

  describe('never to an opted-out number, never free-form on a closed WhatsApp window', () => {
    it('skips a customer who texted STOP, for an event and for a rule', async () => {
      const { teamId, number } = await closedTeam();
      const customer = freshCustomer();
      await receiveMessage(gw, { from: customer, to: number, body: 'STOP' });
      await receiveMessage(gw, { from: customer, to: number, body: 'one more thing' });
      const ruled = await automatedSend(teamId, customer, 'ask_resolved');
      expect(ruled).toMatchObject({ decision: { action: 'skip', reason: 'opted_out' }, messageId: null });
      expect(await reasons(teamId, customer)).toEqual(['opted_out', 'opted_out', 'opted_out']);
      expect(await automatedTo(teamId, customer)).toEqual([]);
    });

    it('skips a WhatsApp reply with no template once the window closed', async () => {
      const { teamId, number } = await closedTeam({ quietHours: { enabled: false } });
      const customer = freshCustomer();
      await receiveMessage(gw, { from: customer, to: number, body: 'hi', channel: 'whatsapp' });
      gw.clock.advance(25 * HOUR);
      await automatedSend(teamId, customer, 'ask_resolved', 'whatsapp');
      expect(await reasons(teamId, customer)).toEqual(['sent', 'whatsapp_window_closed']);
    });
  });

  describe('quiet hours for proactive messages', () => {
    it('holds a rating request at 22:30 in Warsaw until 08:00, then the sweeper sends it', async () => {
      gw.clock.set('2026-11-21T21:30:00Z');
      const { teamId } = await closedTeam();
      const customer = polish();
      const outcome = await automatedSend(teamId, customer, 'advisor_rating');
      expect(outcome.decision).toMatchObject({ action: 'send', reason: 'held_for_quiet_hours' });
      expect(outcome.message).toBeNull(); // nothing to send now
      const id = outcome.messageId!;

      const [decision] = await decisions(teamId, customer);
      expect(decision).toMatchObject({
        action: 'send',
        reason: 'held_for_quiet_hours',
        messageId: id,
        sendAfter: '2026-11-22T07:00:00.000Z',
      });
      const view = async () =>
        (
          (await gw.api('get', `/api/teams/${teamId}/messages?to=${encodeURIComponent(customer)}`).expect(200))
            .body as { id: string; status: string; sendAfter: string | null }[]
        ).find((m) => m.id === id)!;
      expect(await view()).toMatchObject({ status: 'queued', sendAfter: '2026-11-22T07:00:00.000Z' });

      // Not due: the sweeper does not list it, and delivery cannot claim it.
      await gw.worker.sweeper.sweep(0);
      expect(await gw.stores.messages.listStalePending(0, 500, gw.clock())).not.toContain(id);
      expect(await gw.stores.messages.claimForSending(id, 60_000, gw.clock())).toBeNull();
      expect(await view()).toMatchObject({ status: 'queued' });
      expect(adapter.sent.some((m) => m.id === id)).toBe(false);

      gw.clock.set('2026-11-22T07:00:01Z');
      await gw.worker.sweeper.sweep(0);
      await eventually(async () => (await view()).status === 'sent');
      expect(adapter.sent.filter((m) => m.id === id)).toHaveLength(1);
    });

    it('sends an answer to the customer at once, in quiet hours too (not proactive)', async () => {
      gw.clock.set('2026-11-21T21:30:00Z');
      const { teamId, number } = await closedTeam();
      const customer = polish();
      await receiveMessage(gw, { from: customer, to: number, body: 'late night question' });
      expect(await reasons(teamId, customer)).toEqual(['sent']);
    });

    it('sends a proactive message at once outside quiet hours, or when the team switched them off', async () => {
      gw.clock.set('2026-11-21T12:00:00Z'); // 13:00 in Warsaw
      const day = await closedTeam();
      expect((await automatedSend(day.teamId, polish(), 'advisor_rating')).decision.reason).toBe('sent');
      gw.clock.set('2026-11-21T22:00:00Z');
      const off = await closedTeam({ quietHours: { enabled: false } });
      expect((await automatedSend(off.teamId, polish(), 'advisor_rating')).decision.reason).toBe('sent');
    });

    it("uses the team's zone for a number whose country has several (a US number, a New York team)", async () => {
      gw.clock.set('2026-11-21T21:30:00Z'); // 16:30 in New York, 22:30 in Warsaw
      const number = gw.freshNumber();
      const teamId = await gw.createTeam({ numbers: [number], timezone: 'America/New_York' });
      expect((await automatedSend(teamId, freshCustomer(), 'advisor_rating')).decision.reason).toBe('sent');
      await gw
        .api('patch', `/api/teams/${teamId}`)
        .send({ replyLedger: { quietHours: { start: '16:00', end: '09:00' } } })
        .expect(200);
      const held = await automatedSend(teamId, freshCustomer(), 'advisor_rating');
      expect(held.decision).toMatchObject({
        reason: 'held_for_quiet_hours',
        sendAfter: new Date('2026-11-22T14:00:00Z'),
      });
    });

    it('does not hold what an agent sends (POST /messages {kind}): their decision', async () => {
      gw.clock.set('2026-11-21T21:30:00Z');
      const { teamId, number } = await closedTeam();
      const customer = polish();
      const res = await gw
        .api('post', `/api/teams/${teamId}/messages`)
        .send({ to: customer, channel: 'sms', from: number, kind: 'advisor_rating', variables: { rating_link: 'x' } })
        .expect(202);
      expect(res.body.sendAfter).toBeNull();
      expect(await reasons(teamId, customer)).toEqual(['sent']);
    });
  });

  describe('team settings: replyLedger', () => {
    it('reads the defaults, saves a partial change, and applies it to the next decision', async () => {
      const { teamId } = await closedTeam();
      const team = (await gw.api('get', `/api/teams/${teamId}`).expect(200)).body;
      expect(team.replyLedger).toEqual({
        agentActiveMinutes: 5,
        maxPerCustomerPerHour: 3,
        quietHours: { enabled: true, start: '21:00', end: '08:00' },
      });
      const versionBefore = await gw.stores.teams.configVersion(teamId);
      const patched = await gw
        .api('patch', `/api/teams/${teamId}`)
        .send({ replyLedger: { maxPerCustomerPerHour: 10, quietHours: { end: '07:30' } } })
        .expect(200);
      expect(patched.body.replyLedger).toEqual({
        agentActiveMinutes: 5,
        maxPerCustomerPerHour: 10,
        quietHours: { enabled: true, start: '21:00', end: '07:30' },
      });
      // Every process's cached settings see the change at their next read.
      expect(await gw.stores.teams.configVersion(teamId)).toBeGreaterThan(versionBefore!);
      gw.clock.set('2026-11-21T21:30:00Z');
      const held = await automatedSend(teamId, polish(), 'advisor_rating');
      expect(held.decision).toMatchObject({ sendAfter: new Date('2026-11-22T06:30:00Z') });
    });

    it.each<[string, object, string]>([
      ['a negative agentActiveMinutes', { agentActiveMinutes: -1 }, 'replyLedger.agentActiveMinutes'],
      ['an hourly limit over 100', { maxPerCustomerPerHour: 101 }, 'replyLedger.maxPerCustomerPerHour'],
      ['a start that is not a time', { quietHours: { start: '9pm' } }, 'replyLedger.quietHours.start'],
      ['an end of 24:00', { quietHours: { end: '24:00' } }, 'replyLedger.quietHours.end'],
    ])('refuses %s with 422 naming the field, and saves nothing', async (_name, replyLedger, field) => {
      const { teamId } = await closedTeam();
      const before = (await gw.api('get', `/api/teams/${teamId}`).expect(200)).body;
      const res = await gw.api('patch', `/api/teams/${teamId}`).send({ replyLedger });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_value', field });
      expect(res.body.error.message).toContain(field);
      expect((await gw.api('get', `/api/teams/${teamId}`).expect(200)).body).toEqual(before);
    });

    it.each<[string, object, number, string, string]>([
      ['an unknown knob', { maxPerDay: 3 }, 400, 'unknown_field', 'replyLedger.maxPerDay'],
      [
        'a fractional hourly limit',
        { maxPerCustomerPerHour: 1.5 },
        400,
        'invalid_type',
        'replyLedger.maxPerCustomerPerHour',
      ],
      [
        'enabled of the wrong type',
        { quietHours: { enabled: 'yes' } },
        400,
        'invalid_type',
        'replyLedger.quietHours.enabled',
      ],
    ])('refuses %s naming the field', async (_name, replyLedger, status, code, field) => {
      const { teamId } = await closedTeam();
      const res = await gw.api('patch', `/api/teams/${teamId}`).send({ replyLedger });
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, field });
    });
  });
});
