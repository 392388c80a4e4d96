import { eventually, type TestGateway } from './test-gateway.js';
import { fixture, sid } from './twilio-signing.js';

/**
 * Posts a signed inbound SMS or WhatsApp message from `from` (the customer) to `to` (a team
 * number) and waits until the worker has processed it.
 */
export async function receiveMessage(
  gw: TestGateway,
  m: { from: string; to: string; body: string; channel?: 'sms' | 'whatsapp'; profileName?: string },
): Promise<void> {
  const messageSid = sid();
  const ids = { MessageSid: messageSid, SmsSid: messageSid, SmsMessageSid: messageSid, Body: m.body };
  const params =
    (m.channel ?? 'sms') === 'sms'
      ? fixture('sms-inbound', { ...ids, From: m.from, To: m.to })
      : fixture('whatsapp-inbound', {
          ...ids,
          From: `whatsapp:${m.from}`,
          To: `whatsapp:${m.to}`,
          WaId: m.from.slice(1),
          ...(m.profileName ? { ProfileName: m.profileName } : {}),
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
