import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadTeamConfig } from '../../src/auto-replies/team-config.js';
import type { OnCallSettings } from '../../src/after-hours-flow/after-hours-flow.js';
import { createLogger } from '../../src/logger.js';
import { NotificationDispatcher } from '../../src/notifications/notification-dispatcher.js';
import { storeSetTransactor } from '../../src/store-set.js';
import { startUrgentPaging } from '../../src/urgent-paging/urgent-paging.service.js';
import { receiveMessage } from './inbound-messages.js';
import { PUBLIC_URL, type TestGateway } from './test-gateway.js';

export interface Mail {
  readonly to: string[];
  readonly raw: string;
}

/** An SMTP server in the test that keeps every mail it accepts. */
export async function startSmtpServer() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface Paged {
  readonly ticketId: string;
  readonly ticketNumber: number;
  readonly customer: string;
}

/**
 * What the after-hours conversation's urgent path will do: a customer's text opens a ticket, then
 * startUrgentPaging runs in a transaction and its sends are handed over after the commit.
 */
export async function pageUrgent(
  gw: TestGateway,
  teamId: string,
  teamNumber: string,
  onCall: OnCallSettings,
  o: { customer: string; customerName?: string | null; issue?: string; channel?: 'sms' | 'whatsapp' },
): Promise<Paged> {
  await receiveMessage(gw, { from: o.customer, to: teamNumber, body: 'help, it is urgent', channel: o.channel });
  const ticket = (await gw.testDb
    .db('tickets')
    .where({ team_id: teamId, customer: o.customer })
    .orderBy('number', 'desc')
    .first()) as { id: string; number: number };
  const loaded = (await loadTeamConfig(gw.stores, teamId))!;
  const settings = { ...loaded.team.settings, afterHoursFlow: { ...loaded.team.settings.afterHoursFlow, onCall } };
  const config = { ...loaded, team: { ...loaded.team, settings } };
  const sends = await storeSetTransactor(gw.testDb.db)((s) =>
    startUrgentPaging(s, {
      config,
      ticket: { id: ticket.id, number: ticket.number },
      customer: o.customer,
      customerName: o.customerName === undefined ? 'Anna Nowak' : o.customerName,
      issue: o.issue ?? 'The boiler room is flooding and water reaches the electrics',
      customerChannel: o.channel ?? 'sms',
      teamNumber,
      publicUrl: PUBLIC_URL,
      now: gw.clock(),
    }),
  );
  await gw.dispatcher.sendClaimed(sends.messages);
  await new NotificationDispatcher(gw.queue, createLogger('silent')).dispatch(sends.notificationIds);
  return { ticketId: ticket.id, ticketNumber: ticket.number, customer: o.customer };
}

export interface SentRow {
  readonly id: string;
  readonly to_address: string;
  readonly from_address: string;
  readonly body: string;
  readonly kind: string;
  readonly status: string;
  readonly channel: string;
}

/** Our automated messages of a kind in this team, oldest first. */
export async function sent(gw: TestGateway, teamId: string, kind: string): Promise<SentRow[]> {
  return (await gw.testDb
    .db('messages')
    .where({ team_id: teamId, kind, direction: 'outbound' })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])) as SentRow[];
}

export interface TimelineEvent {
  readonly type: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
}

export async function timeline(gw: TestGateway, ticketId: string, type: string): Promise<TimelineEvent[]> {
  const rows = (await gw.testDb.db('ticket_events').where({ ticket_id: ticketId, type }).orderBy('seq')) as Array<{
    type: string;
    actor: string;
    data: Record<string, unknown> | string;
  }>;
  return rows.map((r) => ({
    ...r,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
  }));
}

/** The acknowledge link's token in a page SMS. */
export function tokenIn(body: string): string {
  const match = /\/ack\/([A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no acknowledge link in ${body}`);
  return match[1]!;
}
