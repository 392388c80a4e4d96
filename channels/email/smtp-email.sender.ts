import { createTransport, type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { ChannelError, type EmailSender, type OutgoingEmail } from '../contract.js';

/** Used when SMTP_URL names no `?from=`. */
export const DEFAULT_FROM = 'Switchboard <switchboard@localhost>';

/** What mail clients read as "high priority" (Outlook reads Importance, most others X-Priority). */
export const HIGH_PRIORITY_HEADERS: Readonly<Record<string, string>> = { 'X-Priority': '1', Importance: 'high' };

/** nodemailer's own failure codes, when the server gave no SMTP reply code. Unknown ones are retried. */
const RETRYABLE_BY_CODE: Readonly<Record<string, boolean>> = {
  ECONNECTION: true,
  ETIMEDOUT: true,
  ESOCKET: true,
  EDNS: true,
  ETLS: true,
  EPROTOCOL: true,
  ESTREAMING: true,
  EAUTH: false, // wrong credentials: fixed in SMTP_URL, not by waiting
  ENOAUTH: false,
  EENVELOPE: false, // no usable recipient
  EMESSAGE: false,
  ECONFIG: false,
};

/**
 * Sends over SMTP with nodemailer. `SMTP_URL` is `smtp://user:pass@host:587` (STARTTLS when the
 * server offers it) or `smtps://…:465`; its query may set `from` and nodemailer's own options
 * (`?from=alerts%40example.com&tls.rejectUnauthorized=false`).
 */
export class SmtpEmailSender implements EmailSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(smtpUrl: string) {
    const { from, ...options } = parseConnectionUrl(smtpUrl) as Record<string, unknown>;
    // nodemailer's defaults wait minutes on a dead server; a job should fail fast and retry.
    this.transport = createTransport(
      { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, ...options },
      { from: typeof from === 'string' && from ? from : DEFAULT_FROM },
    );
  }

  async send(mail: OutgoingEmail): Promise<{ delivered: boolean }> {
    try {
      await this.transport.sendMail({
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        ...(mail.priority === 'high' ? { headers: HIGH_PRIORITY_HEADERS } : {}),
      });
      return { delivered: true };
    } catch (err) {
      throw toSmtpChannelError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** An SMTP reply code decides first: 4xx is "try later", 5xx is "never". */
export function toSmtpChannelError(err: unknown): ChannelError {
  const message = err instanceof Error ? err.message : String(err);
  const props = (typeof err === 'object' && err !== null ? err : {}) as { responseCode?: unknown; code?: unknown };
  if (typeof props.responseCode === 'number') {
    const retryable = props.responseCode < 500;
    return new ChannelError(
      `SMTP server answered ${props.responseCode}: ${message}`,
      `smtp_${props.responseCode}`,
      retryable,
    );
  }
  const code = typeof props.code === 'string' ? props.code : null;
  const retryable = code === null ? true : (RETRYABLE_BY_CODE[code] ?? true);
  return new ChannelError(`SMTP send failed: ${message}`, code, retryable);
}
