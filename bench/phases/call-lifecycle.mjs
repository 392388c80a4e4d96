// A voice call's whole life, open loop: the incoming call, its redirect to the voicemail prompt,
// the hang-up status callback, and the missed_call SMS the worker sends for it. Rate: BENCH_CALL_RATE.
import pg from 'pg';
import { log, round, sleep, summarize } from '../lib.mjs';
import { latencyTable, num } from '../report.mjs';
import { waitForRest } from '../rest-calls.mjs';

const VOICE_NUMBER = '+15005550009'; // this phase's own team: open 24/7, unlike the SMS phases' team
// What Twilio waits between a call's requests while it plays the TwiML: the greeting, then about
// 2 s of the voicemail prompt before the caller hangs up (CallDuration=4).
const CALL_GAPS_MS = [2000, 2000];
const TARGETS = {
  callTwimlP99Ms: 100, // TwiML answer p99 (incoming call and its redirect), below
  callSmsP99Ms: 500, // status callback sent → SMS REST call received p99, below
};

/**
 * The call-lifecycle phase's team, on its own number so the SMS phases keep their always-closed
 * team: open 24/7, no agents and no menu (the defaults), so a call gets the greeting, then the
 * voicemail prompt, and a hang-up there is `missed_call`. Returns the team and a RegExp that the
 * missed_call SMS body must end with (its template, placeholders as wildcards).
 */
async function createVoiceTeam(gw) {
  const team = await gw.api('POST', '/api/teams', {
    name: 'Bench voice',
    companyName: 'Bench Inc',
    timezone: 'UTC',
    locale: 'en',
    numbers: [VOICE_NUMBER],
  });
  const always = [['00:00', '24:00']];
  const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, always]));
  await gw.api('PUT', `/api/teams/${team.id}/schedule`, { timezone: 'UTC', weekly, exceptions: [] });
  // On by default; said explicitly so a changed default cannot silently turn the phase into a no-op.
  // The repeat window (1 h per customer) stays: every call comes from a fresh number.
  const entry = await gw.api('PUT', `/api/teams/${team.id}/auto-replies/missed_call`, { enabled: true });
  if (!entry?.enabled || typeof entry.body !== 'string' || !entry.body)
    throw new Error(`missed_call not enabled as asked: ${JSON.stringify(entry)}`);
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Unanchored at the start: the SMS may carry a sender prefix ("Bench Inc: …").
  const bodyPattern = new RegExp(
    entry.body
      .split(/\{\{\s*\w+\s*\}\}/)
      .map(escape)
      .join('[^]*?') + '$',
  );
  return { team, bodyTemplate: entry.body, bodyPattern };
}

/** How the gateway settled the calls from numbers starting with `prefix` (read after the phase). */
async function callOutcomes(run, teamId, prefix) {
  const client = new pg.Client({ connectionString: run.databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const like = prefix + '%';
    const { rows: outcomes } = await client.query(
      `SELECT coalesce(outcome, 'unsettled') AS outcome, count(*)::int AS n, count(ticket_id)::int AS with_ticket FROM "${run.schema}".calls WHERE team_id = $1 AND customer LIKE $2 GROUP BY 1`,
      [teamId, like],
    );
    const {
      rows: [tickets],
    } = await client.query(
      `SELECT count(*)::int AS n FROM "${run.schema}".tickets WHERE team_id = $1 AND customer LIKE $2 AND source = 'missed_call'`,
      [teamId, like],
    );
    return {
      outcomes: Object.fromEntries(outcomes.map((r) => [r.outcome, r.n])),
      withTicket: outcomes.reduce((a, r) => a + r.with_ticket, 0),
      missedCallTickets: tickets.n,
    };
  } finally {
    await client.end().catch(() => {});
  }
}

export const callLifecycle = {
  id: 'call-lifecycle',
  title: (options) =>
    `Voice call lifecycle at ${options.callRate} calls/s: incoming call → voicemail prompt → hang-up (status callback) → missed_call SMS`,
  async run(ctx) {
    const rate = ctx.options.callRate;
    const duration = ctx.secs(25);
    const voice = await createVoiceTeam(ctx.gateway);
    log(`voice team ${voice.team.id} on ${VOICE_NUMBER}: open 24/7, missed_call SMS "${voice.bodyTemplate}"`);
    const common = {
      mode: 'calls',
      publicUrl: ctx.gateway.publicUrl,
      authToken: ctx.run.authToken,
      teamNumber: VOICE_NUMBER,
      rate,
      connections: 20,
      gapsMs: CALL_GAPS_MS,
      expectSecond: 'Please leave a message',
    };

    // Warm-up of the voice paths (JIT, statements) at the measured rate; its SMS are waited for.
    const warmPrefix = '+1720';
    const warm = await ctx.load({
      ...common,
      duration: ctx.secs(4),
      fromBase: warmPrefix,
      sidTag: ctx.sidTag('cwarm'),
    });
    ctx.expectRest(warm.completed);
    const warmWait = await waitForRest(ctx, warm.completed, 30_000, warmPrefix);
    if (warm.completed !== warm.planned)
      ctx.note(
        `call-lifecycle warm-up: ${warm.planned - warm.completed} of ${warm.planned} calls failed (e.g. ${warm.samples.find((x) => x[8])?.[8]})`,
      );
    if (!warmWait.reached)
      ctx.note(`call-lifecycle warm-up: only ${warmWait.received} of ${warm.completed} SMS arrived within 30 s`);

    const prefix = '+1718';
    const restBefore = (await ctx.stub.stats()).created;
    const win = ctx.sampler.window();
    const load = await ctx.load({ ...common, duration, fromBase: prefix, sidTag: ctx.sidTag('calls') });
    ctx.expectRest(load.completed);
    const wait = await waitForRest(ctx, load.completed, 60_000, prefix);
    await sleep(1000); // a second SMS to the same caller would come within this, if at all
    const usage = win.end();

    const deliveries = new Map((await ctx.stub.deliveries(prefix)).map((d) => [d[0], d]));
    const incomingMs = [];
    const nextMs = [];
    const statusAnswerMs = [];
    const toSmsMs = [];
    const failures = {};
    let missing = 0;
    let twice = 0;
    let wrongMessage = 0;
    let smsForFailedCalls = 0;
    const missingSample = [];
    const wrongSample = [];
    for (const [from, , inMs, , nxMs, , stMs, statusSentAt, failure] of load.samples) {
      if (inMs !== null) incomingMs.push(inMs);
      if (nxMs !== null) nextMs.push(nxMs);
      if (stMs !== null) statusAnswerMs.push(stMs);
      const sms = deliveries.get(from);
      if (failure) {
        const reason = failure.replace(/:.*/s, '');
        failures[reason] = (failures[reason] ?? 0) + 1;
        if (sms) smsForFailedCalls++;
        continue;
      }
      if (!sms) {
        missing++;
        if (missingSample.length < 5) missingSample.push(from);
        continue;
      }
      const [, arrivedAt, posts, smsFrom, body] = sms;
      toSmsMs.push(arrivedAt - statusSentAt);
      if (posts > 1) twice++;
      if (smsFrom !== VOICE_NUMBER || !voice.bodyPattern.test(body)) {
        wrongMessage++;
        if (wrongSample.length < 3) wrongSample.push(`${from}: From ${smsFrom}, Body ${JSON.stringify(body)}`);
      }
    }
    const completed = load.completed;
    const settled = await callOutcomes(ctx.run, voice.team.id, prefix);
    if (
      settled.outcomes.missed_call !== completed ||
      settled.withTicket !== completed ||
      settled.missedCallTickets !== completed
    ) {
      ctx.note(
        `call-lifecycle: of ${completed} calls, the gateway settled ${JSON.stringify(settled.outcomes)}, ${settled.withTicket} with a ticket; ${settled.missedCallTickets} missed_call tickets`,
      );
    }
    const exactlyOne = completed - missing - twice;
    const twiml = summarize([...incomingMs, ...nextMs]);
    const toSms = summarize(toSmsMs);
    const failed = load.planned - completed;
    if (failed)
      ctx.note(
        `call-lifecycle: ${failed} of ${load.planned} calls did not go through their three requests as expected: ${JSON.stringify(failures)} (e.g. ${load.samples.find((x) => x[8])?.[8]})`,
      );
    if (missing)
      ctx.note(`call-lifecycle: ${missing} completed calls got no SMS within 60 s (e.g. ${missingSample.join(', ')})`);
    if (twice) ctx.note(`call-lifecycle: ${twice} callers got more than one SMS`);
    if (wrongMessage)
      ctx.note(
        `call-lifecycle: ${wrongMessage} SMS not from ${VOICE_NUMBER} or not the missed_call text (e.g. ${wrongSample.join('; ')})`,
      );
    if (smsForFailedCalls) ctx.note(`call-lifecycle: ${smsForFailedCalls} failed calls got an SMS anyway`);
    if (load.startsLateOver5ms > load.planned * 0.01)
      ctx.note(
        `call-lifecycle: the load generator started ${load.startsLateOver5ms} calls > 5 ms late (max ${load.maxStartLagMs} ms)`,
      );
    ctx.target(
      `TwiML answer p99 @${rate} calls/s`,
      twiml.p99,
      `< ${TARGETS.callTwimlP99Ms} ms`,
      twiml.p99 !== null && twiml.p99 < TARGETS.callTwimlP99Ms,
      (v) => `${v} ms`,
    );
    ctx.target(
      `call status → SMS p99 @${rate} calls/s`,
      toSms.p99,
      `< ${TARGETS.callSmsP99Ms} ms`,
      toSms.p99 !== null && toSms.p99 < TARGETS.callSmsP99Ms,
      (v) => `${v} ms`,
    );
    ctx.target(
      'calls with exactly one SMS',
      `${exactlyOne}/${load.planned}`,
      'all',
      exactlyOne === load.planned && wrongMessage === 0,
      (v) => v,
    );
    return {
      rate,
      connections: 20,
      gapsMs: CALL_GAPS_MS,
      durationSec: duration,
      warmupCalls: warm.planned,
      calls: load.planned,
      achievedRate: round(load.achievedRate, 1),
      completed,
      failures,
      maxStartLagMs: load.maxStartLagMs,
      twimlAnswerMs: twiml,
      incomingAnswerMs: summarize(incomingMs),
      redirectAnswerMs: summarize(nextMs),
      statusAnswerMs: summarize(statusAnswerMs),
      statusToSmsMs: toSms,
      callOutcomes: settled.outcomes,
      callsWithTicket: settled.withTicket,
      missedCallTickets: settled.missedCallTickets,
      smsArrived: completed - missing,
      smsExactlyOnce: exactlyOne,
      smsMissing: missing,
      smsMoreThanOnce: twice,
      smsWrongMessage: wrongMessage,
      smsForFailedCalls,
      smsTotalDuringPhase: wait.stats.created - restBefore,
      waitForSmsMs: wait.waitedMs,
      cpuPercent: usage.cpuPercent,
      loadGeneratorCpuPercent: load.cpuPercent,
      peakRssMb: usage.peakRssMb,
    };
  },
  report: (c) => [
    `Call lifecycle ${c.rate} calls/s × ${c.durationSec} s (after ${c.warmupCalls} warm-up calls; ${c.connections} connections; ${c.gapsMs.join(' + ')} ms between a call's requests), ${c.calls} calls, ${c.completed} went through, achieved ${num(c.achievedRate)} calls/s`,
    ...latencyTable([
      ['TwiML answer (both)', c.twimlAnswerMs],
      ['  incoming call', c.incomingAnswerMs],
      ['  redirect (voicemail)', c.redirectAnswerMs],
      ['status callback answer', c.statusAnswerMs],
      ['status callback → SMS', c.statusToSmsMs],
    ]),
    `  settled: ${Object.entries(c.callOutcomes)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; ${c.callsWithTicket} with a ticket (${c.missedCallTickets} missed_call tickets)`,
    `  SMS: ${c.smsExactlyOnce}/${c.calls} calls got exactly one (missing ${c.smsMissing}, more than one ${c.smsMoreThanOnce}, wrong From/Body ${c.smsWrongMessage}); gateway CPU ${num(c.cpuPercent)}% (phase incl. wait); load generator CPU ${num(c.loadGeneratorCpuPercent)}%`,
  ],
};
