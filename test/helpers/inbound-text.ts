import { eventually, type TestGateway } from './test-gateway.js';
import { fixture, sid } from './twilio-signing.js';

/**
 * A text from `customer` to `teamNumber`, as Twilio posts it (signed), SMS or WhatsApp; resolves
 * once the worker has processed it (the ticket, the thread and any automated reply are written).
 */
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
  await gw.webhook('/twilio/messages', params).expect(200);
  await eventually(async () => {
    const row = await gw.testDb
      .db('webhook_events')
      .where({ dedupe_key: `twilio:message:${messageSid}` })
      .first();
    return (row as { status?: string } | undefined)?.status === 'processed';
  });
}
