import { parseArgs } from 'node:util';
import { SIMULATED_ACCOUNT_SID } from './twilio-forms.js';

/** What the simulator plays: a text, a WhatsApp message or a call. */
export type SimulatedChannel = 'sms' | 'whatsapp' | 'call';
export const CALL_STATUSES = ['no-answer', 'completed', 'busy'] as const;
export type FinalCallStatus = (typeof CALL_STATUSES)[number];

export interface SimulateOptions {
  readonly channel: SimulatedChannel;
  readonly from: string;
  readonly to: string;
  /** The message text (sms, whatsapp); null for a call, or before the first line in --interactive. */
  readonly text: string | null;
  /** Where the simulator posts (the gateway as reachable from here). */
  readonly baseUrl: string;
  /** What the gateway signs against: its PUBLIC_URL (Twilio signs the URL it was given). */
  readonly publicUrl: string;
  readonly authToken: string | null;
  readonly apiToken: string | null;
  /** The AccountSid the webhooks carry: TWILIO_ACCOUNT_SID when it looks like one. */
  readonly accountSid: string;
  readonly profileName: string;
  readonly digits: string;
  readonly status: FinalCallStatus;
  readonly waitMs: number;
  readonly json: boolean;
  readonly interactive: boolean;
}

export type ParsedCommand =
  | { readonly kind: 'run'; readonly options: SimulateOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'usage_error'; readonly message: string };

export const USAGE = `Usage: npm run simulate -- <sms|whatsapp|call> --from <+E.164> --to <+E.164> ["text"] [options]

Posts signed Twilio webhooks to a running gateway, exactly as Twilio would, and prints the TwiML
answer, the reply decisions and the replies that went out (sandbox outbound records them).

  sms | whatsapp       an inbound text from --from to the team number --to ("text" required,
                       unless --interactive)
  call                 an inbound call: the TwiML is followed as Twilio follows it, then the
                       final status callback is posted

Options:
  --from <+E.164>      the customer (required)
  --to <+E.164>        the team's number (required)
  --interactive        a conversation: each line typed is the customer's next text; /quit ends
  --digits <keys>      call: the keys pressed, one per <Gather> menu (e.g. --digits 1)
  --status <status>    call: the final CallStatus, no-answer | completed | busy (default no-answer)
  --name <name>        whatsapp: the customer's ProfileName (default "Sam Simulator")
  --url <url>          where the gateway listens (default $PUBLIC_URL, else http://$HOST:$PORT,
                       else http://127.0.0.1:3000)
  --public-url <url>   the gateway's PUBLIC_URL, which signatures cover (default $PUBLIC_URL, else --url)
  --auth-token <t>     the webhook signing token (default $TWILIO_AUTH_TOKEN): Twilio's auth token,
                       or the sandbox signing token the gateway prints when it has none
  --token <t>          an admin or team API token to read decisions and replies (default $ADMIN_TOKEN)
  --wait <seconds>     how long to wait for decisions and replies (default 5)
  --json               machine-readable output (one JSON object per exchange)
  -h, --help           this text
`;

const E164 = /^\+[1-9]\d{1,14}$/;
const CHANNELS: readonly string[] = ['sms', 'whatsapp', 'call'];

/** Reads the command line (argv without node and the script) and the environment. Never throws. */
export function parseSimulateArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        interactive: { type: 'boolean', default: false },
        digits: { type: 'string', default: '' },
        status: { type: 'string', default: 'no-answer' },
        name: { type: 'string', default: 'Sam Simulator' },
        url: { type: 'string' },
        'public-url': { type: 'string' },
        'auth-token': { type: 'string' },
        token: { type: 'string' },
        wait: { type: 'string', default: '5' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return usageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return { kind: 'help' };
  const [channel, ...words] = positionals;
  if (!channel) return usageError('name what to simulate: sms, whatsapp or call');
  if (!CHANNELS.includes(channel)) return usageError(`unknown channel "${channel}": use sms, whatsapp or call`);
  if (!v.from) return usageError('--from is required (the customer, like +12125550123)');
  if (!v.to) return usageError("--to is required (the team's number, like +15005550006)");
  if (!E164.test(v.from)) return usageError(`--from "${v.from}" is not a phone number in E.164 form (+12125550123)`);
  if (!E164.test(v.to)) return usageError(`--to "${v.to}" is not a phone number in E.164 form (+15005550006)`);
  const text = words.length > 0 ? words.join(' ') : null;
  if (channel === 'call') {
    if (text !== null) return usageError('a call takes no text');
    if (v.interactive) return usageError('--interactive is for sms and whatsapp');
  } else if (text === null && !v.interactive) {
    return usageError(`${channel} needs the message text (or --interactive)`);
  }
  if (!(CALL_STATUSES as readonly string[]).includes(v.status)) {
    return usageError(`--status must be one of ${CALL_STATUSES.join(', ')}`);
  }
  if (!/^[0-9*#]*$/.test(v.digits)) return usageError('--digits takes keys 0-9, * and #');
  const waitSeconds = Number(v.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 120) {
    return usageError('--wait takes seconds, 0 to 120');
  }
  const baseUrl = trimSlash(v.url ?? env.PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '3000'}`);
  const publicUrl = trimSlash(v['public-url'] ?? env.PUBLIC_URL ?? baseUrl);
  for (const [name, url] of [
    ['--url', baseUrl],
    ['--public-url', publicUrl],
  ] as const) {
    if (!URL.canParse(url)) return usageError(`${name} "${url}" is not a URL`);
  }
  return {
    kind: 'run',
    options: {
      channel: channel as SimulatedChannel,
      from: v.from,
      to: v.to,
      text,
      baseUrl,
      publicUrl,
      authToken: v['auth-token'] ?? nonEmpty(env.TWILIO_AUTH_TOKEN),
      apiToken: v.token ?? nonEmpty(env.ADMIN_TOKEN),
      accountSid: /^AC[0-9a-f]{32}$/.test(env.TWILIO_ACCOUNT_SID ?? '')
        ? env.TWILIO_ACCOUNT_SID!
        : SIMULATED_ACCOUNT_SID,
      profileName: v.name,
      digits: v.digits,
      status: v.status as FinalCallStatus,
      waitMs: Math.round(waitSeconds * 1000),
      json: v.json,
      interactive: v.interactive,
    },
  };
}

function usageError(message: string): ParsedCommand {
  return { kind: 'usage_error', message };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | null {
  return value ? value : null;
}
