import { expect } from 'vitest';
import { eventually, type TestGateway } from './test-gateway.js';
import { fixture, sid } from './twilio-signing.js';

/** A customer's SMS or WhatsApp message to a team number, posted as Twilio signs it and processed by the worker. */
export async function inboundText(
  gw: TestGateway,
  m: { customer: string; teamNumber: string; body: string; channel?: 'sms' | 'whatsapp' },
): Promise<void> {
  const messageSid = sid();
  const params =
    (m.channel ?? 'sms') === 'sms'
      ? fixture('sms-inbound', {
          MessageSid: messageSid,
          SmsSid: messageSid,
          From: m.customer,
          To: m.teamNumber,
          Body: m.body,
        })
      : fixture('whatsapp-inbound', {
          MessageSid: messageSid,
          SmsSid: messageSid,
          From: `whatsapp:${m.customer}`,
          To: `whatsapp:${m.teamNumber}`,
          WaId: m.customer.slice(1),
          Body: m.body,
        });
  expect((await gw.webhook('/twilio/messages', params)).status).toBe(200);
  await eventually(async () => {
    const row = (await gw.testDb
      .db('webhook_events')
      .where({ dedupe_key: `twilio:message:${messageSid}` })
      .first()) as { status?: string } | undefined;
    return row?.status === 'processed';
  });
}
