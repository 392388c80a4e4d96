// The web chat's widgets, for the `webchat` phase: forked by bench/phases/webchat.mjs with IPC, so
// that the streams' memory and CPU are this process's, not the harness's nor the gateway's.
// Config: JSON in env BENCH_WEBCHAT_CONFIG
//   { streamUrl, writeUrl, teamId, origin, adminToken, widgets, databaseUrl, schema }
// streamUrl is the web process the widgets' streams connect to; writeUrl the one visitors and the
// agent write to (another web process in the split layout, else the same).
// Commands (IPC { id, cmd, ... } → { id, result } or { id, error }):
//   connect  opens `widgets` visitors, their SSE streams, and one first message each (their tickets)
//   run      { rate, durationSec }: open loop, message k due at t0 + k/rate; even k a visitor's
//            message (timed until its row is visible in the database, i.e. on the ticket's thread),
//            odd k an agent's reply (timed until the `message` event arrives on the visitor's stream)
//   close    closes the streams and exits
import http from 'node:http';
import pg from 'pg';
import { nowMs, sleep, summarize } from './lib.mjs';

const config = JSON.parse(process.env.BENCH_WEBCHAT_CONFIG ?? 'null');
if (!config || !process.send) {
  process.stderr.write('webchat-load.mjs: fork it with IPC and BENCH_WEBCHAT_CONFIG\n');
  process.exit(2);
}

const POLL_MS = 5; // how often the database is asked which sent visitor messages are stored
const writeAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const visitors = []; // { visitorId, token, ticketId, res }
const replyPending = new Map(); // body → sentAt
const replyLatency = [];
const replyAfterAnswer = []; // SSE event − the agent POST's answer: the delivery path alone
const replyAnsweredAt = new Map(); // body → answer time
let streamErrors = 0;
let streamsClosedEarly = 0;
let otherEvents = 0;
let closing = false;

/** One JSON request; resolves { status, json, ms }. */
function request(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const t = nowMs();
    const req = http.request(
      url,
      {
        method,
        agent: writeAgent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON: status tells
          }
          resolve({ status: res.statusCode, json, text, ms: nowMs() - t });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data ?? undefined);
  });
}

/** Runs `fn(i)` for i < n with at most `width` at once. */
async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const chatHeaders = (v) => ({ origin: config.origin, ...(v ? { authorization: `Bearer ${v.token}` } : {}) });

/** Opens a visitor's stream; resolves once its first event (availability) has arrived. */
function openStream(v) {
  return new Promise((resolve, reject) => {
    const url = `${config.streamUrl}/chat/${config.teamId}/stream?token=${encodeURIComponent(v.token)}`;
    const req = http.get(url, { agent: streamAgent, headers: { origin: config.origin, accept: 'text/event-stream' } });
    req.on('error', (err) => {
      streamErrors++;
      reject(err);
    });
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`stream answered ${res.statusCode}`));
      }
      v.res = res;
      res.setEncoding('utf8');
      let buf = '';
      let first = true;
      res.on('data', (chunk) => {
        const at = nowMs();
        buf += chunk;
        let end;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (block.startsWith('event: message\n')) onMessage(block, at);
          else if (block.startsWith('event: ')) {
            if (first) {
              first = false;
              resolve();
            }
          }
        }
      });
      res.on('close', () => {
        if (!closing) streamsClosedEarly++;
      });
    });
  });
}

function onMessage(block, at) {
  const data = JSON.parse(block.slice(block.indexOf('\ndata: ') + 7));
  const sentAt = replyPending.get(data.body);
  if (sentAt === undefined) {
    otherEvents++; // the visitor's own messages, shown in their other tabs
    return;
  }
  replyPending.delete(data.body);
  replyLatency.push(at - sentAt);
  const answered = replyAnsweredAt.get(data.body);
  if (answered !== undefined) replyAfterAnswer.push(at - answered);
  else replyAnsweredAt.set(data.body, null); // before its answer: counted as 0 there
}

async function connect() {
  const t0 = nowMs();
  const opened = [];
  await pool(config.widgets, 16, async () => {
    const r = await request('POST', `${config.writeUrl}/chat/${config.teamId}/visitors`, {
      headers: chatHeaders(null),
      body: {},
    });
    if (r.status !== 200) throw new Error(`POST /visitors → ${r.status} ${r.text.slice(0, 300)}`);
    opened.push(r.ms);
    visitors.push({ visitorId: r.json.visitorId, token: r.json.token, ticketId: null, res: null });
  });
  const visitorsSec = (nowMs() - t0) / 1000;
  const t1 = nowMs();
  await pool(visitors.length, 50, (i) => openStream(visitors[i]));
  const streamsSec = (nowMs() - t1) / 1000;
  // One message each: every visitor has a ticket the agent can answer on.
  const t2 = nowMs();
  await pool(visitors.length, 16, async (i) => {
    const r = await request('POST', `${config.writeUrl}/chat/${config.teamId}/messages`, {
      headers: chatHeaders(visitors[i]),
      body: { body: `hello from visitor ${i}`, clientId: 'hello' },
    });
    if (r.status !== 202) throw new Error(`POST /messages → ${r.status} ${r.text.slice(0, 300)}`);
  });
  const db = await database();
  try {
    const byCustomer = new Map(visitors.map((v) => [`web:${v.visitorId}`, v]));
    const deadline = nowMs() + 120_000;
    for (;;) {
      const { rows } = await db.query(`SELECT id, customer FROM tickets WHERE team_id = $1 AND channel = 'web'`, [
        config.teamId,
      ]);
      for (const row of rows) {
        const v = byCustomer.get(row.customer);
        if (v) v.ticketId = row.id;
      }
      if (visitors.every((v) => v.ticketId)) break;
      if (nowMs() > deadline)
        throw new Error(`only ${visitors.filter((v) => v.ticketId).length}/${visitors.length} tickets after 120 s`);
      await sleep(200);
    }
  } finally {
    await db.end();
  }
  return {
    widgets: visitors.length,
    streamsOpen: visitors.filter((v) => v.res && !v.res.destroyed).length,
    visitorsSec: Math.round(visitorsSec * 10) / 10,
    visitorAnswerMs: summarize(opened),
    streamsSec: Math.round(streamsSec * 10) / 10,
    ticketsSec: Math.round(((nowMs() - t2) / 1000) * 10) / 10,
    loadRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

async function database() {
  const db = new pg.Client({ connectionString: config.databaseUrl });
  await db.connect();
  await db.query(`SET search_path TO "${config.schema}"`);
  return db;
}

async function runMessages({ rate, durationSec }) {
  const n = Math.round(rate * durationSec);
  const rowPending = new Map(); // message id → sentAt
  const rowLatency = [];
  const rowAnsweredAt = new Map(); // message id → the visitor POST's answer time
  const rowAfterAnswer = []; // row visible − the POST's answer: the worker's threading alone
  const answers = { visitor: {}, agent: {} };
  const answerMs = { visitor: [], agent: [] };
  const count = (kind, status) => (answers[kind][status] = (answers[kind][status] ?? 0) + 1);
  let sendLagMax = 0;
  let sendsLate = 0;
  let inFlight = 0;
  let writeErrors = 0;
  let polls = 0;
  const db = await database();
  let polling = true;
  const poller = (async () => {
    while (polling || rowPending.size) {
      if (rowPending.size) {
        const ids = [...rowPending.keys()];
        const { rows } = await db.query('SELECT id FROM messages WHERE id = ANY($1)', [ids]);
        const at = nowMs();
        polls++;
        for (const { id } of rows) {
          rowLatency.push(at - rowPending.get(id));
          rowAfterAnswer.push(at - rowAnsweredAt.get(id));
          rowPending.delete(id);
        }
      }
      await sleep(POLL_MS);
    }
  })();
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const sends = [];
  const send = async (k) => {
    const kind = k % 2 === 0 ? 'visitor' : 'agent';
    const i = Math.floor(k / 2) % visitors.length;
    const v = kind === 'visitor' ? visitors[i] : visitors[visitors.length - 1 - i];
    const sentAt = nowMs();
    inFlight++;
    try {
      if (kind === 'visitor') {
        const r = await request('POST', `${config.writeUrl}/chat/${config.teamId}/messages`, {
          headers: chatHeaders(v),
          body: { body: `bench visitor message ${k}`, clientId: `bench-${k}` },
        });
        count(kind, r.status);
        answerMs.visitor.push(r.ms);
        // Timed from the send: the row may be stored before the answer is read.
        if (r.status === 202) {
          rowPending.set(r.json.id, sentAt);
          rowAnsweredAt.set(r.json.id, sentAt + r.ms);
        }
      } else {
        const body = `bench agent reply ${k}`;
        replyPending.set(body, sentAt);
        const r = await request(
          'POST',
          `${config.writeUrl}/api/teams/${config.teamId}/tickets/${v.ticketId}/messages`,
          {
            headers: { authorization: `Bearer ${config.adminToken}` },
            body: { body },
          },
        );
        count(kind, r.status);
        answerMs.agent.push(r.ms);
        if (r.status !== 202) replyPending.delete(body);
        else if (replyAnsweredAt.get(body) === null) replyAfterAnswer.push(0);
        else replyAnsweredAt.set(body, sentAt + r.ms);
      }
    } catch {
      writeErrors++;
    } finally {
      inFlight--;
    }
  };
  for (let k = 0; k < n; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    const lag = nowMs() - due;
    if (lag > sendLagMax) sendLagMax = lag;
    if (lag > 5) sendsLate++;
    sends.push(send(k));
  }
  await Promise.all(sends);
  const sentSec = (nowMs() - t0) / 1000;
  const cpuPercent =
    Math.round(((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 10 / (nowMs() - t0)) * 10) / 10;
  // Until every stored message is seen and every reply has arrived, at most 30 s.
  const waitStart = nowMs();
  while ((rowPending.size || replyPending.size) && nowMs() - waitStart < 30_000) await sleep(20);
  polling = false;
  const rowsLost = rowPending.size;
  rowPending.clear();
  await poller;
  // The Inbox's own view: a sample of the tickets' threads, through the API.
  const sample = [];
  for (let s = 0; s < Math.min(20, visitors.length); s++) {
    const k = 2 * Math.floor((s * n) / 2 / 20); // even: a visitor's message
    if (k >= n) break;
    const v = visitors[Math.floor(k / 2) % visitors.length];
    const r = await request('GET', `${config.writeUrl}/api/teams/${config.teamId}/tickets/${v.ticketId}/messages`, {
      headers: { authorization: `Bearer ${config.adminToken}` },
    });
    const bodies = Array.isArray(r.json) ? r.json.map((m) => m.body) : [];
    sample.push(bodies.includes(`bench visitor message ${k}`));
  }
  await db.end();
  return {
    planned: n,
    sentSec: Math.round(sentSec * 100) / 100,
    achievedRate: Math.round((n / sentSec) * 10) / 10,
    sendLagMaxMs: Math.round(sendLagMax),
    sendsLateOver5ms: sendsLate,
    writeErrors,
    inFlightAtEnd: inFlight,
    answers,
    visitorAnswerMs: summarize(answerMs.visitor),
    agentAnswerMs: summarize(answerMs.agent),
    visitorToInboxMs: summarize(rowLatency),
    agentToWidgetMs: summarize(replyLatency),
    inboxAfterAnswerMs: summarize(rowAfterAnswer),
    widgetAfterAnswerMs: summarize(replyAfterAnswer),
    visitorSent: answers.visitor[202] ?? 0,
    agentSent: answers.agent[202] ?? 0,
    rowsLost,
    repliesLost: replyPending.size,
    inboxSampleListed: sample.filter(Boolean).length,
    inboxSampleSize: sample.length,
    polls,
    pollMs: POLL_MS,
    streamErrors,
    streamsClosedEarly,
    otherEvents,
    loadCpuPercent: cpuPercent,
    loadRssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

process.on('message', async (m) => {
  try {
    let result;
    if (m.cmd === 'connect') result = await connect();
    else if (m.cmd === 'run') result = await runMessages(m);
    else if (m.cmd === 'close') {
      closing = true;
      for (const v of visitors) v.res?.destroy();
      streamAgent.destroy();
      writeAgent.destroy();
      process.send({ id: m.id, result: { closed: true } }, () => process.exit(0));
      return;
    } else throw new Error(`unknown command ${m.cmd}`);
    process.send({ id: m.id, result });
  } catch (err) {
    process.send({ id: m.id, error: err?.stack ?? String(err) });
  }
});
process.send({ ready: true, port: 0 });
