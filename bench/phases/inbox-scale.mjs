// The inbox at scale (issue 9): a team of its own with 100,000 tickets and 1,000,000 messages,
// seeded with set-based SQL into the run's schema; then N sequential requests per inbox query
// (each view's first page, a next page, filtered lists, a thread of 500) and inbound texts to the
// team's busy tickets, timed against the running gateway.
import pg from 'pg';
import { log, nowMs, readFixture, round, summarize, twilioSignature } from '../lib.mjs';
import { latencyTable, num } from '../report.mjs';
import { WEBHOOK_PATH } from '../processes.mjs';

const TICKETS = Number(process.env.BENCH_INBOX_TICKETS || 100_000);
const MESSAGES = Number(process.env.BENCH_INBOX_MESSAGES || 1_000_000);
const THREAD = 500; // the newest ticket's thread: the one the thread query reads whole
const CUSTOMERS = Math.max(1, Math.round(TICKETS * 0.6)); // some customers have had several tickets
const TEAM_NUMBER = '+15005550077';
const TARGET_P99_MS = 50;
const PASSWORD = 'bench inbox password';

export const inboxScale = {
  id: 'inbox-scale',
  title: `Inbox at scale: ${TICKETS.toLocaleString('en')} tickets, ${MESSAGES.toLocaleString('en')} messages; list, thread and inbound latency`,
  async run(ctx) {
    const requests = ctx.options.quick ? 60 : 200;
    const gw = ctx.gateway;
    const team = await gw.api('POST', '/api/teams', {
      name: 'Bench inbox',
      companyName: 'Bench Inc',
      timezone: 'UTC',
      locale: 'en',
      numbers: [TEAM_NUMBER],
    });
    // Open around the clock: texts to it get no after-hours reply, and so make no REST call.
    const always = [['00:00', '24:00']];
    await gw.api('PUT', `/api/teams/${team.id}/schedule`, {
      timezone: 'UTC',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, always])),
      exceptions: [],
    });
    const users = [];
    for (let i = 0; i < 10; i += 1)
      users.push(
        await gw.api('POST', `/api/teams/${team.id}/users`, {
          email: `agent${i}@inbox.bench`,
          name: `Agent ${i}`,
          role: 'agent',
          password: PASSWORD,
        }),
      );
    const groups = [];
    for (let i = 0; i < 5; i += 1)
      groups.push(
        await gw.api('POST', `/api/teams/${team.id}/groups`, {
          name: `Line ${i}`,
          memberIds: users.filter((_, u) => u % 5 === i).map((u) => u.id),
        }),
      );

    const t0 = nowMs();
    const seeded = await seed(ctx.run, team.id, {
      userIds: users.map((u) => u.id),
      groupIds: groups.map((g) => g.id),
    });
    const seedSec = round((nowMs() - t0) / 1000, 1);
    log(`inbox-scale: seeded ${JSON.stringify(seeded)} in ${seedSec} s`);

    const cookie = await signIn(gw.publicUrl, users[0].email);
    const base = `${gw.publicUrl}/api/teams/${team.id}`;
    const asAdmin = { authorization: `Bearer ${ctx.run.adminToken}` };
    const first = await get(`${base}/tickets?view=all`, asAdmin);
    const cursor = first.headers.get('x-next-cursor');
    if (!cursor) throw new Error('inbox-scale: the first page of view=all named no next page');
    const queries = [
      ['all, first page', `${base}/tickets?view=all`, asAdmin],
      ['new, first page', `${base}/tickets?view=new`, asAdmin],
      ['mine, first page', `${base}/tickets?view=mine`, { cookie }],
      ['all, next page (cursor)', `${base}/tickets?view=all&cursor=${cursor}`, asAdmin],
      ['open on WhatsApp', `${base}/tickets?status=open&channel=whatsapp`, asAdmin],
      ['a group, not closed', `${base}/tickets?view=new&groupId=${groups[1].id}`, asAdmin],
      ['pending', `${base}/tickets?status=pending`, asAdmin],
      [`thread of ${THREAD}`, `${base}/tickets/${seeded.threadTicketId}/messages?limit=${THREAD}`, asAdmin],
    ];
    // Round-robin, one request of each query in turn: a disturbance on the shared machine (a
    // checkpoint, another process) lands on every query alike, not on whichever ran then.
    const times = Object.fromEntries(queries.map(([name]) => [name, []]));
    const rows = {};
    for (let i = -10; i < requests; i += 1) {
      for (const [name, url, headers] of queries) {
        const t = nowMs();
        const body = await (await get(url, headers)).arrayBuffer(); // the whole answer, not its headers
        if (i < 0) continue; // warm-up: plans, pools, JIT
        times[name].push(nowMs() - t);
        if (i === 0) rows[name] = JSON.parse(Buffer.from(body).toString('utf8')).length;
      }
    }
    const latency = Object.fromEntries(queries.map(([name]) => [name, summarize(times[name])]));
    const inbound = await inboundTexts(ctx, team.id, seeded.openCustomers);

    for (const [name] of queries) {
      const p99 = latency[name].p99;
      ctx.target(`inbox ${name} p99`, p99, `< ${TARGET_P99_MS} ms`, p99 < TARGET_P99_MS, (v) => `${v} ms`);
    }
    if (inbound.unreadAdded !== inbound.sent)
      ctx.note(
        `inbox-scale: ${inbound.sent} texts sent, but the tickets' unread counts grew by ${inbound.unreadAdded}`,
      );
    return { tickets: TICKETS, messages: MESSAGES, seeded, seedSec, requests, rows, latency, inbound };
  },
  report: (r) => [
    `Inbox at scale: ${r.tickets.toLocaleString('en')} tickets, ${r.messages.toLocaleString('en')} messages (${r.seeded.events.toLocaleString('en')} timeline events), seeded in ${num(r.seedSec)} s; ${r.requests} sequential requests each`,
    ...latencyTable(Object.entries(r.latency)).map((line) => line.replace(/^ {2}(.{26})/, '  $1')),
    `  inbound texts to busy tickets: ${r.inbound.sent} sent one at a time, webhook answer p50 ${num(r.inbound.answerMs.p50)} / p99 ${num(r.inbound.answerMs.p99)} ms; all threaded (unread +${r.inbound.unreadAdded}) within ${num(r.inbound.processedWithinMs / 1000)} s`,
  ],
};

async function get(url, headers) {
  const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  if (res.status !== 200) throw new Error(`inbox-scale: GET ${url} → ${res.status} ${await res.text()}`);
  return res;
}

async function signIn(publicUrl, email) {
  const res = await fetch(`${publicUrl}/manage/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicUrl },
    body: new URLSearchParams({ email, password: PASSWORD }).toString(),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sb_session='));
  if (res.status !== 303 || !cookie) throw new Error(`inbox-scale: sign-in answered ${res.status}`);
  return cookie.split(';')[0];
}

/**
 * The seed, set-based: tickets (70% closed, 20% open, 10% pending; two thirds assigned, half in a
 * group), their messages (two thirds from the customer, ~10 a ticket, and a thread of 500 on the
 * newest), the timeline events the inbound path writes, and the customers' contact rows.
 */
export async function seed(run, teamId, { userIds, groupIds }) {
  const client = new pg.Client({ connectionString: run.databaseUrl });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${run.schema}"`);
    const now = new Date();
    // A ticket's last message: newer for higher numbers, with jitter so that number order is not time order.
    const ts = (g) =>
      `($1::timestamptz - (${TICKETS} - ${g}) * interval '30 seconds' - (${g} % 97) * interval '7 minutes')`;
    const customer = (g) => `'+1555' || lpad(((${g}) % ${CUSTOMERS})::text, 7, '0')`;
    const channel = (g) => `(CASE WHEN (${g}) % 7 < 4 THEN 'sms' WHEN (${g}) % 7 < 6 THEN 'whatsapp' ELSE 'voice' END)`;
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO tickets (id, team_id, number, status, chat, priority, assignee_id, group_id, tags, subject, channel, source,
                            customer, last_activity_at, last_message_at, unread_count, created_at, updated_at)
       SELECT 'bt-' || g, $2, 1000 + g,
              CASE WHEN g % 10 < 7 THEN 'closed' WHEN g % 10 < 9 THEN 'open' ELSE 'pending' END,
              CASE WHEN g % 10 < 7 THEN 'completed' ELSE 'active' END,
              'normal',
              CASE WHEN g % 3 <> 0 THEN ($3::text[])[1 + (g / 3) % cardinality($3::text[])] END,
              CASE WHEN g % 2 = 0 THEN ($4::text[])[1 + (g / 2) % cardinality($4::text[])] END,
              '[]', 'Message', ${channel('g')}, CASE WHEN ${channel('g')} = 'voice' THEN 'missed_call' ELSE 'message' END,
              ${customer('g')}, ${ts('g')}, ${ts('g')}, CASE WHEN g % 10 >= 7 THEN g % 4 ELSE 0 END,
              ${ts('g')} - interval '1 hour', ${ts('g')}
         FROM generate_series(1, ${TICKETS}) g`,
      [now, teamId, userIds, groupIds],
    );
    // The newest ticket holds the long thread: open, unassigned, on WhatsApp.
    await client.query(
      `UPDATE tickets SET status = 'open', chat = 'active', assignee_id = NULL, channel = 'whatsapp', source = 'message'
        WHERE id = 'bt-${TICKETS}'`,
    );
    await client.query(`UPDATE teams SET ticket_seq = ${1000 + TICKETS} WHERE id = $1`, [teamId]);
    // Message i: the first THREAD on the newest ticket, a minute apart; the rest spread over the
    // others, ~10 each, three minutes apart before the ticket's last message.
    await client.query(
      `INSERT INTO messages (id, team_id, direction, channel, from_address, to_address, body, status, created_by,
                             created_at, updated_at, ticket_id)
       SELECT 'bm-' || i, $2, dir, ch,
              CASE dir WHEN 'inbound' THEN cust ELSE $3 END, CASE dir WHEN 'inbound' THEN $3 ELSE cust END,
              'bench message ' || i, CASE dir WHEN 'inbound' THEN 'received' ELSE 'delivered' END,
              CASE dir WHEN 'inbound' THEN 'customer' END, at, at, 'bt-' || g
         FROM (SELECT i, g, CASE WHEN i % 3 = 0 THEN 'outbound' ELSE 'inbound' END AS dir,
                      CASE WHEN ${channel('g')} = 'whatsapp' THEN 'whatsapp' ELSE 'sms' END AS ch,
                      ${customer('g')} AS cust,
                      CASE WHEN i <= ${THREAD} THEN ${ts('g')} - (${THREAD} - i) * interval '1 minute'
                           ELSE ${ts('g')} - (i / ${TICKETS - 1}) * interval '3 minutes' END AS at
                 FROM (SELECT i, CASE WHEN i <= ${THREAD} THEN ${TICKETS} ELSE 1 + i % ${TICKETS - 1} END AS g
                         FROM generate_series(1, ${MESSAGES}) i) n) m`,
      [now, teamId, TEAM_NUMBER],
    );
    // The timeline the inbound path writes: each ticket's "created", each customer message's "message".
    await client.query(
      `INSERT INTO ticket_events (id, ticket_id, type, actor, data, at)
       SELECT 'be-t-' || id, id, 'created', 'system', jsonb_build_object('source', source, 'channel', channel), created_at
         FROM tickets WHERE team_id = $1`,
      [teamId],
    );
    await client.query(
      `INSERT INTO ticket_events (id, ticket_id, type, actor, data, at)
       SELECT 'be-' || id, ticket_id, 'message', 'customer', jsonb_build_object('messageId', id, 'channel', channel), created_at
         FROM messages WHERE team_id = $1 AND direction = 'inbound'`,
      [teamId],
    );
    await client.query(
      `INSERT INTO contacts (team_id, number, last_inbound_at, last_whatsapp_inbound_at, created_at, updated_at)
       SELECT $1, from_address, max(created_at), max(created_at) FILTER (WHERE channel = 'whatsapp'), min(created_at), max(created_at)
         FROM messages WHERE team_id = $1 AND direction = 'inbound' GROUP BY from_address`,
      [teamId],
    );
    await client.query('COMMIT');
    // As autovacuum leaves a table at rest: statistics, hint bits and the visibility map set, so
    // that what is timed is the queries, not the first reads after a bulk load.
    await client.query('VACUUM (ANALYZE) tickets, messages, ticket_events, contacts');
    // Write the load out now rather than in a checkpoint during the timing (needs the right; skipped without it).
    await client.query('CHECKPOINT').catch((err) => log(`inbox-scale: no CHECKPOINT (${err.message})`));
    const count = async (sql) => Number((await client.query(sql, [teamId])).rows[0].n);
    const openCustomers = (
      await client.query(
        `SELECT DISTINCT ON (customer) customer FROM tickets
          WHERE team_id = $1 AND status IN ('open', 'pending') AND channel = 'sms' ORDER BY customer LIMIT 50`,
        [teamId],
      )
    ).rows.map((r) => r.customer);
    return {
      tickets: await count('SELECT count(*) AS n FROM tickets WHERE team_id = $1'),
      messages: await count('SELECT count(*) AS n FROM messages WHERE team_id = $1'),
      events: await count(
        'SELECT count(*) AS n FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.team_id = $1',
      ),
      threadTicketId: `bt-${TICKETS}`,
      openCustomers,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Texts from customers with an open ticket among the 100,000, one at a time: the webhook's answer
 * (the event is committed before it), then until every one is on its ticket (unread grown).
 */
async function inboundTexts(ctx, teamId, customers) {
  const client = new pg.Client({ connectionString: ctx.run.databaseUrl });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${ctx.run.schema}"`);
    const unread = async () =>
      Number(
        (
          await client.query(
            `SELECT coalesce(sum(unread_count), 0) AS n FROM tickets WHERE team_id = $1 AND customer = ANY($2) AND status <> 'closed'`,
            [teamId, customers],
          )
        ).rows[0].n,
      );
    const before = await unread();
    const template = readFixture('sms-inbound.json');
    const url = ctx.gateway.publicUrl + WEBHOOK_PATH;
    const tag = ctx.sidTag('inbox');
    const times = [];
    for (const [i, from] of customers.entries()) {
      const sid = `SM${tag}${i.toString(16).padStart(24, '0')}`;
      const params = { ...template, MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: from, To: TEAM_NUMBER };
      const t = nowMs();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(ctx.run.authToken, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      times.push(nowMs() - t);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`inbox-scale: inbound text answered ${res.status}`);
    }
    const sentAt = nowMs();
    let added = 0;
    while (nowMs() - sentAt < 30_000) {
      added = (await unread()) - before;
      if (added >= customers.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      sent: customers.length,
      answerMs: summarize(times),
      unreadAdded: added,
      processedWithinMs: round(nowMs() - sentAt, 0),
    };
  } finally {
    await client.end().catch(() => {});
  }
}
