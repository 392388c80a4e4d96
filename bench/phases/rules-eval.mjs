// Automation rules (issue 10): the cost of the pure `evaluateRules` on one event with 100 enabled
// rules of a realistic mix (status, tags, body contains, author, author group, group, open hours,
// priority, channel, first message; match all/any; both triggers). Runs in the harness process on
// the built dist/ (no gateway involved): 20,000 evaluations over varied events, each timed alone.
// Rules run in the worker on stored team events, so the inbound webhook's path does not change
// with them: a text that matches no rule costs the webhook answer nothing.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR, nowMs, summarize } from '../lib.mjs';

const RULES = 100;
const EVENTS = 1_000; // distinct events, replayed in turn
const TARGET_P99_MS = 1;

export const rulesEval = {
  id: 'rules-eval',
  title: `Automation rules: one event against ${RULES} enabled rules (pure evaluateRules)`,
  async run(ctx) {
    const evaluations = ctx.options.quick ? 5_000 : 20_000;
    const { evaluateRules } = await import(pathToFileURL(path.join(ROOT_DIR, 'dist/src/rules/evaluate-rules.js')).href);
    const random = seeded(10);
    const rules = Array.from({ length: RULES }, (_, i) => ruleOf(i, random));
    const events = Array.from({ length: EVENTS }, () => eventOf(random));

    // Warm up the JIT, then time each evaluation on its own (hrtime, in µs).
    for (let i = 0; i < 2_000; i += 1) run(evaluateRules, rules, events[i % EVENTS]);
    const micros = new Array(evaluations);
    const noneMicros = [];
    let fired = 0;
    const t0 = nowMs();
    for (let i = 0; i < evaluations; i += 1) {
      const start = process.hrtime.bigint();
      const result = run(evaluateRules, rules, events[i % EVENTS]);
      micros[i] = Number(process.hrtime.bigint() - start) / 1_000;
      fired += result.fired.length;
      if (result.fired.length === 0) noneMicros.push(micros[i]);
    }
    const wallMs = nowMs() - t0;
    const ms = inMs(summarize(micros));
    ctx.target(
      'rules: one event, 100 rules, p99',
      ms.p99,
      `< ${TARGET_P99_MS} ms`,
      ms.p99 < TARGET_P99_MS,
      (v) => `${v} ms`,
    );
    return {
      rules: RULES,
      evaluations,
      latencyMs: ms,
      matchingNoRuleMs: inMs(summarize(noneMicros)),
      evaluationsPerSec: Math.round(evaluations / (wallMs / 1_000)),
      firedPerEvent: Math.round((fired / evaluations) * 100) / 100,
      eventsMatchingNoRule: noneMicros.length,
    };
  },
  report(r) {
    return [
      `  ${'evaluateRules (ms)'.padEnd(30)}${['p50', 'p90', 'p99', 'max', 'n'].map((h) => h.padEnd(9)).join('')}`,
      row('every event', r.latencyMs),
      row('events matching no rule', r.matchingNoRuleMs),
      `  ${r.evaluations.toLocaleString('en')} evaluations, ${r.evaluationsPerSec.toLocaleString('en')}/s; ` +
        `${r.firedPerEvent} rules fire per event on average, ${r.eventsMatchingNoRule.toLocaleString('en')} events match none`,
      '  rules run in the worker on stored team events: the inbound webhook path is unchanged by them',
    ];
  },
};

/** µs figures from summarize() as ms with three decimals. */
function inMs(us) {
  return Object.fromEntries(
    Object.entries(us).map(([k, v]) => [k, k === 'count' || v === null ? v : Math.round(v) / 1_000]),
  );
}

function row(name, s) {
  return `  ${name.padEnd(30)}${[s.p50, s.p90, s.p99, s.max, s.count].map((v) => String(v).padEnd(9)).join('')}`;
}

function run(evaluateRules, rules, e) {
  return evaluateRules(rules, e.event, e.ticket, e.context);
}

/** A small deterministic generator (mulberry32), so every run times the same rules and events. */
function seeded(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const pick = (random, list) => list[Math.floor(random() * list.length)];

const STATUSES = ['open', 'pending', 'closed'];
const TAGS = ['vip', 'billing', 'refund', 'bug', 'outage', 'sales', 'churn-risk', 'wholesale'];
const WORDS = ['urgent', 'refund', 'invoice', 'cancel', 'password', 'broken', 'thanks', 'delivery', 'price', 'asap'];
const GROUPS = ['g-line1', 'g-line2', 'g-billing', 'g-sales'];
const USERS = ['u-ann', 'u-bob', 'u-cid', 'u-dee'];
const CHANNELS = ['sms', 'whatsapp', 'web', 'voice'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

// Each rule has one condition that singles out what it is about (a word, a tag, a line, a first
// message), as managers write them, and one to three general ones.
const SPECIFIC = [
  (r) => ({ field: 'body', op: 'contains', value: pick(r, WORDS) }),
  (r) => ({ field: 'tags', op: 'contains', value: pick(r, TAGS) }),
  (r) => ({ field: 'author_group', op: 'is', value: pick(r, GROUPS) }),
  (r) => ({ field: 'group', op: 'in', value: [pick(r, GROUPS)] }),
  () => ({ field: 'first_message', op: 'is', value: true }),
];
const GENERAL = [
  (r) => ({ field: 'status', op: 'in', value: [pick(r, STATUSES), pick(r, STATUSES)] }),
  (r) => ({ field: 'status', op: 'is', value: pick(r, STATUSES) }),
  (r) => ({ field: 'tags', op: 'not_in', value: [pick(r, TAGS), pick(r, TAGS)] }),
  (r) => ({ field: 'body', op: 'not_contains', value: pick(r, WORDS) }),
  (r) => ({ field: 'author', op: 'is', value: pick(r, ['customer', 'agent', 'automation']) }),
  (r) => ({ field: 'assignee', op: pick(r, ['is_set', 'is_not_set']) }),
  (r) => ({ field: 'open_hours', op: 'is', value: r() < 0.5 }),
  (r) => ({ field: 'priority', op: 'is_not', value: pick(r, PRIORITIES) }),
  (r) => ({ field: 'channel', op: 'in', value: [pick(r, CHANNELS), pick(r, CHANNELS)] }),
];

function ruleOf(i, r) {
  const general = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, GENERAL)(r));
  const conditions = [pick(r, SPECIFIC)(r), ...general];
  return {
    id: `rule-${i}`,
    name: `Rule ${i}`,
    enabled: true,
    trigger: r() < 0.3 ? 'incoming' : 'changed',
    match: 'all',
    conditions,
    actions: [{ type: 'add_tags', tags: [pick(r, TAGS)] }],
    stop: r() < 0.05,
  };
}

/** Messages of a few words to a few sentences, and changes of a field. */
function eventOf(r) {
  const author = r() < 0.25 ? null : pick(r, ['customer', 'customer', 'agent', 'automation']);
  const words = Array.from({ length: 3 + Math.floor(r() * 60) }, () => (r() < 0.02 ? pick(r, WORDS) : 'lorem'));
  return {
    event: {
      trigger: author === 'customer' && r() < 0.3 ? 'incoming' : 'changed',
      author,
      body: author === null ? null : words.join(' '),
      causedBy: r() < 0.1 ? { ruleId: `rule-${Math.floor(r() * RULES)}`, depth: 1 } : null,
    },
    ticket: {
      status: pick(r, STATUSES),
      chat: pick(r, ['active', 'completed']),
      channel: pick(r, CHANNELS),
      source: 'message',
      priority: pick(r, PRIORITIES),
      tags: TAGS.filter(() => r() < 0.05),
      assigneeId: r() < 0.5 ? pick(r, USERS) : null,
      groupId: r() < 0.3 ? pick(r, GROUPS) : null,
    },
    context: {
      authorGroupIds: author === 'agent' ? [pick(r, GROUPS)] : [],
      firstMessage: author === 'customer' && r() < 0.2,
      openHours: r() < 0.6,
    },
  };
}
