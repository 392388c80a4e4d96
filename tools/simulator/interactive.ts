import readline from 'node:readline';
import type { CustomerActivity, CustomerWatch } from './customer-watch.js';
import type { GatewayClient, TeamSummary } from './gateway-client.js';
import type { SimulateOptions } from './simulate-args.js';
import { reportJson } from './simulate-report.js';
import { inboundMessageForm } from './twilio-forms.js';

const QUIT = '/quit';

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
  const channel = options.channel === 'whatsapp' ? 'whatsapp' : 'sms';
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
  for await (const raw of lines) {
    const text = raw.trim();
    // Piped input is not echoed by a terminal: show what the customer said.
    if (!options.json && !process.stdin.isTTY && text) out(`you> ${text}`);
    if (text === QUIT) break;
    if (text) {
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
        out(
          reportJson({
            channel,
            from: options.from,
            to: options.to,
            text,
            team,
            webhooks: [posted],
            ended: null,
            activity,
          }),
        );
      } else if (activity && activity.decisions.length === 0 && activity.replies.length === 0) {
        out('  (no reply decided)');
      }
    }
    prompt();
  }
  rl.close();
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
