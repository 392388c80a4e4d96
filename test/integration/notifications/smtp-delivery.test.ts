import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from '../../../channels/email/smtp-email.sender.js';
import { storeSetTransactor } from '../../../src/store-set.js';
import { createLogger } from '../../../src/logger.js';
import { NotificationDispatcher } from '../../../src/notifications/notification-dispatcher.js';
import { planTeamNotification } from '../../../src/notifications/team-notifier.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** An SMTP server in the test: keeps each accepted mail; some recipients are refused, once or always. */
async function startSmtpServer() {
  const mails: Mail[] = [];
  const refuseOnce = new Set(['busy@acme.test']);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (address.address === 'nobody@acme.test')
        return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      if (refuseOnce.delete(address.address))
        return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('team notification email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gw = await startTestGateway({
      outbound: 'sandbox',
      emailSender: new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}/?from=alerts%40acme.test`),
    });
    teamId = await gw.newTeam();
  });
  afterAll(async () => {
    await gw.close();
    await smtp.close();
  });

  async function notify(emails: string[], subject: string, text: string): Promise<string> {
    const [id] = await storeSetTransactor(gw.testDb.db)((s) =>
      planTeamNotification(s, {
        teamId,
        event: 'rla.breach',
        subject,
        text,
        payload: { ticketId: 'T-7' },
        dedupeKey: crypto.randomUUID(),
        settings: { emails },
      }),
    );
    await new NotificationDispatcher(gw.queue, createLogger('silent')).dispatch([id!]);
    return id!;
  }
  const settled = (id: string) =>
    eventually(async () => {
      const n = await gw.stores.notifications.get(id);
      return n && n.status !== 'pending' ? n : null;
    }, 15_000);

  it('delivers to every address with the subject and the text', async () => {
    const subject = `RLA breached on ticket T-7 ${crypto.randomUUID().slice(0, 8)}`;
    const id = await notify(
      ['lead@acme.test', 'ops@acme.test'],
      subject,
      'Ticket T-7 has waited 4 h for a first answer.\nOpen it in the panel.',
    );
    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const mail = smtp.mails.find((m) => m.raw.includes(subject));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('alerts@acme.test');
    expect(mail!.to).toEqual(['lead@acme.test', 'ops@acme.test']);
    expect(mail!.raw).toMatch(/^To: lead@acme\.test, ops@acme\.test\r$/m);
    expect(mail!.raw).toMatch(/^From: alerts@acme\.test\r$/m);
    expect(mail!.raw).toContain(`Subject: ${subject}\r\n`);
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail!.raw.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toContain(
      'Ticket T-7 has waited 4 h for a first answer.\r\nOpen it in the panel.',
    );
  });

  it('fails at once when the server refuses the only address for good (550)', async () => {
    const id = await notify(['nobody@acme.test'], 'refused', 'x');
    const done = await settled(id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1 });
    expect(done.lastError).toMatch(/^smtp_550: /);
  });

  it('tries again when the server says "later" (451) and then delivers', async () => {
    const subject = `busy ${crypto.randomUUID().slice(0, 8)}`;
    const id = await notify(['busy@acme.test'], subject, 'x');
    expect(await settled(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.mails.filter((m) => m.raw.includes(subject))).toHaveLength(1);
  });
});
