// Stub Twilio REST API, run as its own process (forked with IPC by bench/run.mjs).
// POST /2010-04-01/Accounts/{sid}/Messages.json → 201 JSON; records To + arrival time.
// GET  …/Messages.json → an empty page (the gateway's "was it sent after all?" lookup).
// IPC: { id, cmd: 'stats' }, { id, cmd: 'count', prefix }, { id, cmd: 'arrivals', prefix } and
// { id, cmd: 'deliveries', prefix } (per To: first arrival, POST count, first From and Body) → { id, result }.
import http from 'node:http';
import { nowMs, readFixture } from './lib.mjs';

const accountSid = process.env.STUB_ACCOUNT_SID;
const authToken = process.env.STUB_AUTH_TOKEN;
const expectedAuth = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
const template = readFixture('rest-messages-create-201.json');
const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

let created = 0;
let listCalls = 0;
let authFailures = 0;
let otherRequests = 0;
const firstArrival = new Map(); // To → first arrival time (ms)
let duplicateTo = 0; // a second POST to a To already seen (expected for the pooled From numbers)
const postsTo = new Map(); // To → number of POSTs, for To numbers seen more than once
const firstMessage = new Map(); // To → [From, Body] of its first POST
const unknownSample = [];

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const t = nowMs();
    const url = new URL(req.url, 'http://stub');
    if (url.pathname !== messagesPath) {
      otherRequests++;
      if (unknownSample.length < 5) unknownSample.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
      return;
    }
    if (req.headers.authorization !== expectedAuth) {
      authFailures++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
      return;
    }
    if (req.method === 'GET') {
      listCalls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messages: [],
          first_page_uri: messagesPath + '?PageSize=20&Page=0',
          next_page_uri: null,
          previous_page_uri: null,
          page: 0,
          page_size: 20,
          uri: messagesPath + '?PageSize=20&Page=0',
          end: 0,
          start: 0,
        }),
      );
      return;
    }
    if (req.method !== 'POST') {
      otherRequests++;
      res.writeHead(405).end();
      return;
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    if (firstArrival.has(to)) {
      duplicateTo++;
      postsTo.set(to, (postsTo.get(to) ?? 1) + 1);
    } else {
      firstArrival.set(to, t);
      firstMessage.set(to, [form.get('From') ?? '', form.get('Body') ?? '']);
    }
    created++;
    const sid = 'SM' + 'b0' + created.toString(16).padStart(30, '0');
    const now = new Date().toUTCString();
    const body = {
      ...template,
      sid,
      status: 'queued',
      to,
      from: form.get('From'),
      body: form.get('Body') ?? '',
      date_created: now,
      date_updated: now,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    };
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
});
server.keepAliveTimeout = 65_000;

process.on('message', (msg) => {
  if (!msg || typeof msg !== 'object') return;
  if (msg.cmd === 'stats') {
    process.send({
      id: msg.id,
      result: {
        created,
        listCalls,
        authFailures,
        otherRequests,
        uniqueTo: firstArrival.size,
        duplicateTo,
        unknownSample,
      },
    });
  } else if (msg.cmd === 'count') {
    let n = 0;
    for (const to of firstArrival.keys()) if (to.startsWith(msg.prefix)) n++;
    process.send({ id: msg.id, result: n });
  } else if (msg.cmd === 'arrivals') {
    const result = [];
    for (const [to, t] of firstArrival) if (to.startsWith(msg.prefix)) result.push([to, t]);
    process.send({ id: msg.id, result });
  } else if (msg.cmd === 'deliveries') {
    const result = [];
    for (const [to, t] of firstArrival)
      if (to.startsWith(msg.prefix)) result.push([to, t, postsTo.get(to) ?? 1, ...firstMessage.get(to)]);
    process.send({ id: msg.id, result });
  }
});
process.on('disconnect', () => process.exit(0)); // the harness went away

server.listen(0, '127.0.0.1', () => {
  process.send({ ready: true, port: server.address().port });
});
