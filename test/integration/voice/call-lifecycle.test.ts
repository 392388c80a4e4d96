import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallDriver } from '../../helpers/call-driver.js';
import { freshCustomer } from '../../helpers/customers.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { fixture, sid } from '../../helpers/twilio-signing.js';

/** The webhook_events columns these tests read. */
interface CallStatusEvent {
  type: string;
  status: string;
  decision: unknown;
}

describe('a call from ring to reply (signed Twilio webhooks end to end)', () => {
  let gw: TestGateway;
  let open: { id: string; number: string };
  let closed: { id: string; number: string };
  let menu: { id: string; number: string };

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    const team = async (isOpen: boolean) => {
      const number = gw.freshNumber();
      return { id: await gw.createTeam({ numbers: [number], open: isOpen }), number };
    };
    [open, closed, menu] = [await team(true), await team(false), await team(true)];
    await gw
      .api('patch', `/api/teams/${menu.id}`)
      .send({
        voice: {
          menu: {
            options: [
              { digit: '1', label: 'sales', action: 'agents', agents: ['+12125550187'] },
              { digit: '2', label: 'a message', action: 'voicemail' },
            ],
          },
        },
      })
      .expect(200);
  });
  afterAll(async () => {
    await gw.close();
  });

  const driver = (team: { id: string; number: string }, from = freshCustomer()) => new CallDriver(gw, team, from);
  async function repliesTo(
    teamId: string,
    customer: string,
  ): Promise<Array<{ kind: string; channel: string; body: string }>> {
    return (
      await gw
        .api('get', `/api/teams/${teamId}/messages?to=${encodeURIComponent(customer)}&direction=outbound`)
        .expect(200)
    ).body as Array<{ kind: string; channel: string; body: string }>;
  }
  async function ticketsOf(teamId: string, customer: string) {
    return (await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200))
      .body as Array<{
      id: string;
      number: number;
      source: string;
      subject: string;
      events: Array<{
        type: string;
        outcome?: string;
        recordingUrl?: string;
        durationSeconds?: number;
        kind?: string;
        reason?: string;
      }>;
    }>;
  }

  it('greets, then hangs up in the greeting: customer_hangup, one SMS, a "Missed call" ticket', async () => {
    const call = driver(open);
    const twiml = await call.incoming();
    expect(twiml).toContain('<Say voice="alice" language="en-US">Thank you for calling Acme.</Say>');
    expect(call.link('redirect')).toMatch(/^\/twilio\/voice\/next\?call=[\w-]+&s=1$/);
    await call.hangUp(4); // the driver expects 204

    const settledCall = await call.settled();
    expect(settledCall.outcome).toBe('customer_hangup');
    expect(settledCall.stages.map((s) => s.stage)).toEqual(['greeting']);
    const replies = await repliesTo(open.id, call.from);
    expect(replies.map((m) => [m.kind, m.channel])).toEqual([['customer_hangup', 'sms']]);
    const [ticket] = await ticketsOf(open.id, call.from);
    expect(ticket).toMatchObject({ source: 'missed_call', subject: 'Missed call' });
    expect(ticket!.events.map((e) => e.type)).toEqual(['created', 'call', 'reply_sent']);
    expect(settledCall.ticketId).toBe(ticket!.id);
  });

  it('no agents: greeting, then the voicemail prompt; hanging up there is missed_call', async () => {
    const call = driver(open);
    await call.incoming();
    const prompt = await call.follow('redirect');
    expect(prompt).toContain('Please leave a message after the tone. Press the pound key when you are done.');
    await call.hangUp();
    const done = await call.settled();
    expect(done.outcome).toBe('missed_call');
    expect(done.stages.map((s) => s.stage)).toEqual(['greeting', 'voicemail_prompt']);
    expect((await repliesTo(open.id, call.from)).map((m) => m.kind)).toEqual(['missed_call']);
  });

  it('a voicemail: record, then the recording callback after the end: voicemail_left with the recording on the ticket', async () => {
    const call = driver(open);
    await call.incoming();
    await call.follow('redirect'); // voicemail prompt
    const record = await call.follow('redirect');
    expect(record).toMatch(
      /<Record maxLength="120" finishOnKey="#" playBeep="true" action="[^"]+\/twilio\/voice\/record\?call=[\w-]+&amp;s=3" method="POST" recordingStatusCallback="[^"]+\/twilio\/voice\/recording\?call=[\w-]+&amp;s=3"/,
    );
    const thanks = await call.recordEnds(17);
    expect(thanks).toContain('<Hangup/>');
    await call.hangUp(30);
    // The call ended while its recording is not confirmed: it waits for the callback.
    const waiting = await eventually(async () => {
      const event = await gw.testDb
        .db<CallStatusEvent>('webhook_events')
        .where({ type: 'call.status' })
        .whereRaw("params->>'CallSid' = ?", [call.callSid])
        .first();
      return event?.status === 'processed' ? event : null;
    });
    expect(waiting.decision).toMatchObject({ outcome: null, wait: 'recording_pending' });
    await call.recordingStatus('completed', 17); // the driver expects 204

    const done = await call.settled();
    expect(done.outcome).toBe('voicemail_left');
    expect(done.recording).toMatchObject({ state: 'completed', durationSeconds: 17 });
    expect((await repliesTo(open.id, call.from)).map((m) => m.kind)).toEqual(['voicemail_left']);
    const [ticket] = await ticketsOf(open.id, call.from);
    expect(ticket!.source).toBe('voicemail');
    const voicemail = ticket!.events.find((e) => e.type === 'voicemail');
    expect(voicemail).toMatchObject({ durationSeconds: 17, recordingUrl: expect.stringContaining('/Recordings/RE') });
  });

  it('callbacks duplicated and out of order (recording first, status twice) give one outcome and one reply', async () => {
    const call = driver(open);
    await call.incoming();
    await call.follow('redirect');
    await call.follow('redirect');
    await call.recordingStatus('completed', 9); // the driver expects 204
    await call.recordingStatus('completed', 9); // the driver expects 204
    await call.recordEnds(9);
    await call.hangUp(); // the driver expects 204
    await call.hangUp(); // the driver expects 204
    const done = await call.settled();
    expect(done.outcome).toBe('voicemail_left');
    await gw.worker.timers.runOnce();
    expect((await repliesTo(open.id, call.from)).map((m) => m.kind)).toEqual(['voicemail_left']);
    const [ticket] = await ticketsOf(open.id, call.from);
    const callEvents = ticket!.events.filter((e) => e.type === 'call');
    expect(callEvents).toHaveLength(1);
    // Settled by the recording before the call ended; the end filled in its length.
    expect(callEvents[0]!.durationSeconds).toBe(4);
  });

  it.each([
    ['RecordingStatus=absent', 'absent', 0],
    ['a zero-length recording', 'completed', 0],
  ])('%s is no voicemail: missed_call', async (_name, status, seconds) => {
    const call = driver(open);
    await call.incoming();
    await call.follow('redirect');
    await call.follow('redirect');
    await call.hangUp();
    await call.recordingStatus(status, seconds);
    const done = await call.settled();
    expect(done.outcome).toBe('missed_call');
    expect((await repliesTo(open.id, call.from)).map((m) => m.kind)).toEqual(['missed_call']);
  });

  it('a recording callback that never comes: settled after the grace time from what <Record> reported', async () => {
    const call = driver(open);
    await call.incoming();
    await call.follow('redirect');
    await call.follow('redirect');
    await call.recordEnds(12);
    await call.hangUp();
    await eventually(
      async () =>
        (await gw.testDb
          .db<CallStatusEvent>('webhook_events')
          .where({ type: 'call.status', status: 'processed' })
          .whereRaw("params->>'CallSid' = ?", [call.callSid])
          .first()) ?? null,
    );
    await gw.worker.timers.runOnce();
    expect((await call.view()).outcome).toBeNull();
    gw.clock.advance(61_000);
    await gw.worker.timers.runOnce();
    const done = await call.view();
    expect(done.outcome).toBe('voicemail_left');
    expect(done.recording).toMatchObject({ state: 'reported_by_action', durationSeconds: 12 });
  });

  it('after hours: the after-hours greeting, then voicemail; hanging up is after_hours_call', async () => {
    const call = driver(closed);
    const twiml = await call.incoming();
    expect(twiml).toContain('We are closed right now and open again');
    expect(await call.follow('redirect')).toContain('Please leave a message');
    await call.hangUp();
    const done = await call.settled();
    expect(done.outcome).toBe('after_hours_call');
    expect(done.stages.map((s) => s.stage)).toEqual(['after_hours_greeting', 'voicemail_prompt']);
    expect((await repliesTo(closed.id, call.from)).map((m) => m.kind)).toEqual(['after_hours_call']);
  });

  describe('a menu', () => {
    it('lists the options, rings the chosen agents, and a hang-up while ringing is customer_hangup (the agent leg is noted)', async () => {
      const call = driver(menu);
      await call.incoming();
      const options = await call.follow('redirect');
      expect(options).toMatch(
        /<Gather input="dtmf" numDigits="1" timeout="6" action="[^"]+\/twilio\/voice\/menu\?call=[\w-]+&amp;s=2" method="POST">/,
      );
      expect(options).toContain('For sales, press 1.');
      expect(options).toContain('For a message, press 2.');
      const dial = await call.pressDigit('1');
      expect(dial).toMatch(
        /<Dial timeout="20" action="[^"]+" method="POST" callerId="\+1415555\d{4}"><Number url="[^"]+\/twilio\/voice\/connected\?call=[\w-]+&amp;s=4" method="POST">\+12125550187<\/Number><\/Dial>/,
      );
      const childSid = sid('CA');
      await gw
        .webhook(
          '/twilio/voice/status',
          fixture('voice-status-canceled', { CallSid: childSid, ParentCallSid: call.callSid }),
        )
        .expect(204);
      await call.hangUp(9);
      const done = await call.settled();
      expect(done.outcome).toBe('customer_hangup');
      expect(done.stages.map((s) => s.stage)).toEqual(['greeting', 'menu', 'menu_choice', 'ringing_agents']);
      await eventually(async () => ((await call.view()).agentLegs.length ? true : null));
      expect((await call.view()).agentLegs).toMatchObject([{ callSid: childSid, status: 'canceled' }]);
    });

    it('a digit that is no option: the menu once more, then voicemail; a hang-up there is missed_call', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      const again = await call.pressDigit('7');
      expect(again).toContain('Sorry, that is not one of the options.');
      expect(again).toContain('<Gather');
      const voicemail = await call.pressDigit('7');
      expect(voicemail).not.toContain('<Gather');
      expect(voicemail).toContain('Please leave a message');
      await call.hangUp();
      const done = await call.settled();
      expect(done.outcome).toBe('missed_call');
      expect(done.stages.map((s) => s.stage)).toEqual(['greeting', 'menu', 'menu', 'voicemail_prompt']);
    });

    it('a hang-up while the options play is missed_call', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      await call.hangUp();
      expect((await call.settled()).outcome).toBe('missed_call');
    });

    it('no key pressed: the menu again, then voicemail', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      expect(await call.follow('redirect')).toContain('<Gather');
      expect(await call.follow('redirect')).toContain('Please leave a message');
    });

    it('an agent answers: connected, then completed; call_completed is off by default and there was no ticket', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      await call.pressDigit('1');
      const connected = await call.agentAnswers(sid('CA'));
      expect(connected).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await call.dialEnds('completed', true)).toContain('<Hangup/>');
      await call.hangUp(95);
      const done = await call.settled();
      expect(done.outcome).toBe('call_completed');
      expect(done.stages.map((s) => s.stage)).toEqual([
        'greeting',
        'menu',
        'menu_choice',
        'ringing_agents',
        'connected',
        'completed',
      ]);
      expect(done.decision?.reply).toEqual({
        kind: 'call_completed',
        action: 'skip',
        reason: 'no_ticket',
        messageId: null,
      });
      expect(await repliesTo(menu.id, call.from)).toEqual([]);
    });

    it('a caller with an open ticket who then reaches an agent: the call goes on the ticket and is its first response', async () => {
      const customer = freshCustomer();
      const missed = driver(menu, customer);
      await missed.incoming();
      await missed.hangUp();
      await missed.settled();
      await gw.api('put', `/api/teams/${menu.id}/auto-replies/call_completed`).send({ enabled: true }).expect(200);

      const answered = driver(menu, customer);
      await answered.incoming();
      await answered.follow('redirect');
      await answered.pressDigit('1');
      await answered.agentAnswers(sid('CA'));
      await answered.dialEnds('completed', true);
      await answered.hangUp(120);
      const done = await answered.settled();
      expect(done.outcome).toBe('call_completed');
      const [ticket] = await ticketsOf(menu.id, customer);
      expect(done.ticketId).toBe(ticket!.id);
      expect(ticket!.events.filter((e) => e.type === 'call').map((e) => e.outcome)).toEqual([
        'customer_hangup',
        'call_completed',
      ]);
      expect(ticket!.events.some((e) => e.type === 'first_response')).toBe(true);
      expect((await repliesTo(menu.id, customer)).map((m) => m.kind).sort()).toEqual([
        'call_completed',
        'customer_hangup',
      ]);
      await gw.api('put', `/api/teams/${menu.id}/auto-replies/call_completed`).send({ enabled: false }).expect(200);
    });

    it('nobody answers: the dial action sends the caller to voicemail', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      await call.pressDigit('1');
      expect(await call.dialEnds('no-answer', false)).toContain('Please leave a message');
    });
  });

  describe('retries and bad requests', () => {
    it("the call log is the team's own: another team's manager gets 404 for the list and for a call; bad queries name the field", async () => {
      const call = driver(open);
      await call.incoming();
      const [mine] = (
        await gw.api('get', `/api/teams/${open.id}/calls?customer=${encodeURIComponent(call.from)}`).expect(200)
      ).body as Array<{ id: string }>;
      await gw.api('get', `/api/teams/${open.id}/calls/${mine!.id}`).expect(200);
      const manager = (await gw.api('post', `/api/teams/${closed.id}/tokens`).send({ role: 'manager' }).expect(201))
        .body.token as string;
      expect((await gw.api('get', `/api/teams/${open.id}/calls`, manager)).status).toBe(404);
      expect((await gw.api('get', `/api/teams/${open.id}/calls/${mine!.id}`, manager)).status).toBe(404);
      expect((await gw.api('get', `/api/teams/${closed.id}/calls/${mine!.id}`, manager)).status).toBe(404);
      const bad = await gw.api('get', `/api/teams/${open.id}/calls?limit=0`);
      expect([400, 422]).toContain(bad.status);
      expect(bad.body.error.field).toBe('limit');
    });

    it('a retried incoming webhook gets the same TwiML and makes no second call', async () => {
      const call = driver(open);
      const first = await call.incoming();
      const again = await call.incoming();
      expect(again).toBe(first);
      const calls = (
        await gw.api('get', `/api/teams/${open.id}/calls?customer=${encodeURIComponent(call.from)}`).expect(200)
      ).body;
      expect(calls).toHaveLength(1);
    });

    it('a retried step gets the same answer and the call does not move on twice', async () => {
      const call = driver(menu);
      await call.incoming();
      await call.follow('redirect');
      const gatherUrl = call.link('gather');
      const first = await call.pressDigit('7');
      const retry = await gw.webhook(gatherUrl, {
        ...fixture('voice-gather-digits', { CallSid: call.callSid, From: call.from, To: call.to }),
        Digits: '7',
      });
      expect(retry.text).toBe(first);
      expect((await call.view()).stages.map((s) => s.stage)).toEqual(['greeting', 'menu', 'menu']);
    });

    it('an action URL for an unknown call: 200 with <Hangup/>, stored as quarantined', async () => {
      const res = await gw.webhook(
        '/twilio/voice/menu?call=no-such-call&s=2',
        fixture('voice-gather-digits', { CallSid: sid('CA') }),
      );
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/xml');
      expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
      const stored = await gw.testDb
        .db('webhook_events')
        .where({ type: 'call.step', status: 'quarantined', reason: 'unknown_call' })
        .first();
      expect(stored).toBeTruthy();
    });

    it("another call's id in the URL is unknown too", async () => {
      const call = driver(open);
      await call.incoming();
      const url = call.link('redirect');
      const res = await gw.webhook(url, fixture('voice-incoming', { CallSid: sid('CA') }));
      expect(res.text).toContain('<Hangup/>');
    });

    it('an unknown step name: <Hangup/>', async () => {
      const res = await gw.webhook('/twilio/voice/transfer?call=x', fixture('voice-incoming', { CallSid: sid('CA') }));
      expect(res.status).toBe(200);
      expect(res.text).toContain('<Hangup/>');
    });

    it('a call to a number no team has: empty TwiML, quarantined', async () => {
      const callSid = sid('CA');
      const res = await gw.webhook(
        '/twilio/voice',
        fixture('voice-incoming', { CallSid: callSid, To: '+14155559999', Called: '+14155559999' }),
      );
      expect(res.status).toBe(200);
      expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      const stored = await gw.testDb
        .db('webhook_events')
        .where({ type: 'call.incoming', status: 'quarantined' })
        .whereRaw("params->>'CallSid' = ?", [callSid])
        .first();
      expect(stored.reason).toBe('unknown_team_number');
    });

    it.each([
      '/twilio/voice',
      '/twilio/voice/status',
      '/twilio/voice/recording?call=x',
      '/twilio/voice/next?call=x&s=1',
    ])('%s refuses a wrong signature with 403 and stores nothing', async (path) => {
      const callSid = sid('CA');
      const params = fixture('voice-incoming', {
        CallSid: callSid,
        To: open.number,
        CallStatus: 'completed',
        RecordingStatus: 'completed',
      });
      const res = await gw.webhook(path, params, { 'X-Twilio-Signature': 'bm90IGEgc2lnbmF0dXJl' });
      expect(res.status).toBe(403);
      expect(
        await gw.testDb.db('webhook_events').whereRaw("params->>'CallSid' = ?", [callSid]).first(),
      ).toBeUndefined();
      expect(await gw.testDb.db('calls').where({ call_sid: callSid }).first()).toBeUndefined();
    });

    it('a status callback for a call we never placed (an outbound-api call, busy) is stored and skipped', async () => {
      const callSid = sid('CA');
      await gw.webhook('/twilio/voice/status', fixture('voice-status-busy', { CallSid: callSid })).expect(204);
      const event = await eventually(async () => {
        const e = await gw.testDb
          .db<CallStatusEvent>('webhook_events')
          .where({ type: 'call.status' })
          .whereRaw("params->>'CallSid' = ?", [callSid])
          .first();
        return e?.status === 'processed' ? e : null;
      });
      expect(event.decision).toEqual({ skipped: 'unknown_call' });
    });

    it('a status callback without CallStatus is quarantined with the reason', async () => {
      const callSid = sid('CA');
      const params = fixture('voice-status-completed-short', { CallSid: callSid });
      delete params.CallStatus;
      await gw.webhook('/twilio/voice/status', params).expect(204);
      const stored = await gw.testDb.db('webhook_events').whereRaw("params->>'CallSid' = ?", [callSid]).first();
      expect(stored).toMatchObject({ status: 'quarantined', reason: 'missing_call_status' });
    });
  });

  describe('the reply channel', () => {
    it('WhatsApp when the team prefers it and the caller wrote on WhatsApp within 24 hours; SMS otherwise', async () => {
      const number = gw.freshNumber();
      const teamId = await gw.createTeam({ numbers: [number], open: true });
      await gw
        .api('patch', `/api/teams/${teamId}`)
        .send({ voice: { replyChannel: 'whatsapp' } })
        .expect(200);
      const team = { id: teamId, number };
      const withWindow = freshCustomer();
      await gw
        .webhook(
          '/twilio/messages',
          fixture('whatsapp-inbound', {
            MessageSid: sid('SM'),
            From: `whatsapp:${withWindow}`,
            To: `whatsapp:${number}`,
            WaId: withWindow.slice(1),
          }),
        )
        .expect(200);
      await eventually(
        async () =>
          (await gw.testDb
            .db<{ number: string }>('contacts')
            .where({ number: withWindow })
            .whereNotNull('last_whatsapp_inbound_at')
            .first()) ?? null,
      );
      const a = driver(team, withWindow);
      await a.incoming();
      await a.hangUp();
      await a.settled();
      expect(
        (await repliesTo(teamId, withWindow)).filter((m) => m.kind === 'customer_hangup').map((m) => m.channel),
      ).toEqual(['whatsapp']);

      const b = driver(team);
      await b.incoming();
      await b.hangUp();
      await b.settled();
      expect((await repliesTo(teamId, b.from)).map((m) => m.channel)).toEqual(['sms']);
    });
  });
});
