import type { CustomerActivity } from './customer-watch.js';
import type { DecisionView, MessageView, TeamSummary, WebhookExchange } from './gateway-client.js';

/** Everything one simulated exchange produced: what was posted, what came back, what the gateway did. */
export interface ExchangeReport {
  readonly channel: 'sms' | 'whatsapp' | 'call';
  readonly from: string;
  readonly to: string;
  readonly text: string | null;
  readonly team: TeamSummary | null;
  readonly webhooks: readonly WebhookExchange[];
  /** For a call: where the caller left. */
  readonly ended: string | null;
  /** Null when no API token was given: the simulator could not look. */
  readonly activity: CustomerActivity | null;
}

const CHANNEL_LABEL = { sms: 'SMS', whatsapp: 'WhatsApp', call: 'Call' } as const;

/** The machine-readable form: one JSON object per exchange. */
export function reportJson(report: ExchangeReport): string {
  return JSON.stringify({
    channel: report.channel,
    from: report.from,
    to: report.to,
    text: report.text,
    team: report.team ? { id: report.team.id, name: report.team.name } : null,
    webhooks: report.webhooks.map((w) => ({ path: w.path, params: w.params, status: w.status, twiml: twimlOf(w) })),
    ended: report.ended,
    decisions: report.activity?.decisions ?? null,
    replies: report.activity?.replies ?? null,
  });
}

/** The human form: what was posted, the TwiML, the decisions and the replies, compact. */
export function reportText(report: ExchangeReport): string {
  const lines: string[] = [];
  const what = report.text === null ? '' : `: ${quote(report.text)}`;
  lines.push(`${CHANNEL_LABEL[report.channel]} ${report.from} → ${report.to}${what}`);
  if (report.team) lines.push(`  team: ${report.team.name} (${report.team.id})`);
  report.webhooks.forEach((w, i) => {
    lines.push(`  POST ${w.path}${fieldsNote(w.params)} → ${w.status}`);
    const twiml = twimlOf(w);
    if (twiml !== null) lines.push(`    TwiML: ${twiml}`);
    // A call's last request is its final status callback: the caller left before it.
    if (report.ended && i === report.webhooks.length - 2) lines.push(`  ${report.ended}`);
  });
  if (report.activity === null) {
    lines.push('  (pass --token or set ADMIN_TOKEN to see the decisions and the replies)');
  } else {
    lines.push(...activityLines(report.activity, true));
  }
  return lines.join('\n');
}

// The fields that tell one webhook from the next, in the order a reader wants them.
const NOTED_FIELDS = ['MessageSid', 'CallStatus', 'Digits', 'DialCallStatus', 'RecordingStatus'] as const;

function fieldsNote(params: Readonly<Record<string, string>>): string {
  const notes = NOTED_FIELDS.filter((name) => params[name] !== undefined).map((name) => `${name}=${params[name]}`);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** Decisions and replies as lines; `always` prints the headings even when there is nothing. */
export function activityLines(activity: CustomerActivity, always: boolean): string[] {
  const lines: string[] = [];
  if (activity.decisions.length > 0 || always) {
    lines.push(activity.decisions.length > 0 ? 'Decisions:' : 'Decisions: none');
    for (const d of activity.decisions) lines.push(`  ${decisionLine(d)}`);
  }
  if (activity.replies.length > 0 || always) {
    lines.push(activity.replies.length > 0 ? 'Replies that went out:' : 'Replies that went out: none');
    for (const m of activity.replies) lines.push(...replyLines(m));
  }
  return lines;
}

function decisionLine(d: DecisionView): string {
  const held = d.sendAfter ? ` (held until ${d.sendAfter})` : '';
  return `${d.action.padEnd(4)}  ${d.kind.padEnd(22)} ${d.reason}${held}`;
}

function replyLines(m: MessageView): string[] {
  const held = m.sendAfter && m.status === 'queued' ? `, held until ${m.sendAfter}` : '';
  return [
    `  ${m.channel} ${m.from} → ${m.to}  ${m.kind ?? 'message'}  [${m.status}${held}]`,
    `    ${quote(m.body ?? '(template)')}`,
  ];
}

/** The TwiML a webhook got back, on one line; null for an empty answer (204, status callbacks). */
function twimlOf(w: WebhookExchange): string | null {
  const body = w.body.trim();
  return body ? body.replace(/\s*\n\s*/g, ' ') : null;
}

function quote(text: string): string {
  return `"${text.replace(/\s*\n\s*/g, ' ⏎ ')}"`;
}
