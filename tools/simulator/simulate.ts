/**
 * `npm run simulate -- <sms|whatsapp|call> --from +1… --to +1… ["text"]`: plays Twilio against a
 * running gateway and prints what it did. See USAGE in simulate-args.ts and the README's quick start.
 */
import { walkCall } from './call-walk.js';
import { CustomerWatch, type CustomerActivity } from './customer-watch.js';
import { GatewayClient, SimulatorError, type TeamSummary } from './gateway-client.js';
import { runInteractive } from './interactive.js';
import { parseSimulateArgs, USAGE, type SimulateOptions } from './simulate-args.js';
import { reportJson, reportText, type ExchangeReport } from './simulate-report.js';
import { inboundMessageForm } from './twilio-forms.js';

async function main(): Promise<number> {
  const command = parseSimulateArgs(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'usage_error') {
    process.stderr.write(`simulate: ${command.message}\n\n${USAGE}`);
    return 2;
  }
  const options = command.options;
  if (!options.authToken) {
    process.stderr.write(
      "simulate: no signing token. Pass --auth-token, or set TWILIO_AUTH_TOKEN: the gateway's own, or, when it runs " +
        'without one, the "Sandbox webhook signing token" it prints at start.\n',
    );
    return 2;
  }
  const gateway = new GatewayClient({
    baseUrl: options.baseUrl,
    publicUrl: options.publicUrl,
    authToken: options.authToken,
    apiToken: options.apiToken,
  });
  try {
    const team = gateway.canReadApi ? await teamOwning(gateway, options.to) : null;
    const watch = team ? new CustomerWatch(gateway, team.id, options.from) : null;
    await watch?.baseline();
    if (options.interactive) {
      await runInteractive(options, gateway, team, watch);
      return 0;
    }
    const report = await runOnce(options, gateway, team, watch);
    process.stdout.write(`${options.json ? reportJson(report) : reportText(report)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    process.stderr.write(`simulate: ${err.message}\n`);
    return 1;
  }
}

async function runOnce(
  options: SimulateOptions,
  gateway: GatewayClient,
  team: TeamSummary | null,
  watch: CustomerWatch | null,
): Promise<ExchangeReport> {
  if (options.channel === 'call') {
    const call = await walkCall(gateway, options);
    return { ...base(options, team), webhooks: call.steps, ended: call.ended, activity: await collect(watch, options) };
  }
  const posted = await gateway.postWebhook('/twilio/messages', messageForm(options, options.text ?? ''));
  return { ...base(options, team), webhooks: [posted], activity: await collect(watch, options) };
}

/** The inbound text a customer sends on the options' channel. */
function messageForm(options: SimulateOptions, body: string) {
  return inboundMessageForm({
    channel: options.channel === 'whatsapp' ? 'whatsapp' : 'sms',
    from: options.from,
    to: options.to,
    body,
    profileName: options.profileName,
    accountSid: options.accountSid,
  });
}

function base(options: SimulateOptions, team: TeamSummary | null): Omit<ExchangeReport, 'webhooks' | 'activity'> {
  return { channel: options.channel, from: options.from, to: options.to, text: options.text, team, ended: null };
}

async function collect(watch: CustomerWatch | null, options: SimulateOptions): Promise<CustomerActivity | null> {
  return watch ? watch.collect(options.waitMs) : null;
}

/** The team that owns the number, through the API: without one the gateway would quarantine the webhook. */
async function teamOwning(gateway: GatewayClient, number: string): Promise<TeamSummary> {
  const team = (await gateway.teams()).find((t) => t.numbers.includes(number));
  if (!team) {
    throw new SimulatorError(
      `no team owns ${number}, so the gateway would store the webhook as quarantined. Give the number to a team ` +
        `first: POST /api/teams {"name":…, "numbers":["${number}"]} (see the README's quick start).`,
    );
  }
  return team;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
