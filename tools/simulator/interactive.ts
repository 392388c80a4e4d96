import readline from 'node:readline';
import type { CustomerActivity, CustomerWatch } from './customer-watch.js';
import type { GatewayClient, TeamSummary } from './gateway-client.js';
import type { SimulateOptions } from './simulate-args.js';
import { reportJson } from './simulate-report.js';
import { inboundMessageForm } from './twilio-forms.js';

const QUIT = '/quit';
// While the customer types, an agent may answer from the panel, or a held reply may leave: look this often.
const IDLE_LOOK_MS = 1_000;

/**
 * A conversation: each line typed is the customer's next text, posted as Twilio would; the
 * decisions and replies it causes are printed as they arrive. `/quit` or end of input stops.
 */
export async function runInteractive(
  options: SimulateOptions,
  gateway: GatewayClient,
  team: TeamSummary | null,
  watch: CustomerWatch | null,
): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const channel: 'sms' | 'whatsapp' = options.channel === 'whatsapp' ? 'whatsapp' : 'sms';
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (!options.json) {
    out(
      `Conversation on ${channel}: you are ${options.from}, writing to ${options.to}${team ? ` (${team.name})` : ''}.`,
    );
    out(`Type a message and press Enter; ${QUIT} ends.${watch ? '' : ' (No --token: replies are not shown.)'}`);
  }
  const prompt = () => {
    if (!options.json && process.stdin.isTTY) rl.prompt();
  };
  rl.setPrompt('you> ');
  const turns = options.text ? [options.text] : [];
  prompt();
  const lines = (async function* () {
    yield* turns;
    yield* rl;
  })();
  const turn = (text: string | null) => ({ channel, from: options.from, to: options.to, text, team, ended: null });
  // One look at a time: the idle look never runs while a text is being posted and watched.
  let sending = false;
  let idleLook: Promise<void> = Promise.resolve();
  const idle = setInterval(() => {
    if (sending || !watch) return;
    idleLook = watch.peek().then(
      (fresh) => {
        if (fresh.decisions.length === 0 && fresh.replies.length === 0) return;
        if (options.json) out(reportJson({ ...turn(null), webhooks: [], activity: fresh }));
        else for (const line of conversationLines(fresh)) out(line);
        prompt();
      },
      () => {}, // a gateway gone away is reported by the next text sent
    );
  }, IDLE_LOOK_MS);
  try {
    for await (const raw of lines) {
      sending = true;
      await idleLook;
      await sendTurn(raw);
      sending = false;
      if (raw.trim() === QUIT) break;
      prompt();
    }
  } finally {
    clearInterval(idle);
    rl.close();
  }

  async function sendTurn(raw: string): Promise<void> {
    const text = raw.trim();
    // Piped input is not echoed by a terminal: show what the customer said.
    if (!options.json && !process.stdin.isTTY && text) out(`you> ${text}`);
    if (text === QUIT || !text) return;
    const posted = await gateway.postWebhook(
      '/twilio/messages',
      inboundMessageForm({
        channel,
        from: options.from,
        to: options.to,
        body: text,
        profileName: options.profileName,
        accountSid: options.accountSid,
      }),
    );
    const activity = watch
      ? await watch.collect(options.waitMs, (fresh) => {
          if (!options.json) for (const line of conversationLines(fresh)) out(line);
        })
      : null;
    if (options.json) {
      out(reportJson({ ...turn(text), webhooks: [posted], activity }));
    } else if (activity && activity.decisions.length === 0 && activity.replies.length === 0) {
      out('  (no reply decided)');
    }
  }
}

/** A batch of activity as the conversation shows it: each decision on a line, each reply as the customer reads it. */
function conversationLines(activity: CustomerActivity): string[] {
  return [
    ...activity.decisions.map(
      (d) => `  · ${d.action} ${d.kind}: ${d.reason}${d.sendAfter ? ` (held until ${d.sendAfter})` : ''}`,
    ),
    ...activity.replies.map(
      (m) => `  ← ${m.body ?? '(template)'}  [${m.kind ?? 'message'}, ${m.channel}, ${m.status}]`,
    ),
  ];
}
