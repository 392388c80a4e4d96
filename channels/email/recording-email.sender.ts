import type { EmailSender, OutgoingEmail } from '../contract.js';

/** Sends nothing (sandbox, or no SMTP_URL): the notification row is the record of the mail. */
export class RecordingEmailSender implements EmailSender {
  readonly name = 'recording';

  async send(_mail: OutgoingEmail): Promise<{ delivered: boolean }> {
    return { delivered: false };
  }
}
