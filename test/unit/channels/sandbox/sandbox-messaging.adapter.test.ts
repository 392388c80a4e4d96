import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../../channels/contract.js';
import { SandboxMessagingAdapter } from '../../../../channels/sandbox/sandbox-messaging.adapter.js';

const message: OutboundMessage = {
  id: '01JDX0000000000000000000AA',
  channel: 'whatsapp',
  from: '+15005550006',
  to: '+12125550123',
  body: 'Your order #1042 has shipped.',
  statusCallbackUrl: 'https://gateway.example.com/twilio/messages/status',
};

describe('SandboxMessagingAdapter', () => {
  const sandbox = new SandboxMessagingAdapter();

  it('is named sandbox', () => {
    expect(sandbox.name).toBe('sandbox');
  });

  it('reports the message sent with SB + 32 hex of sha256(id)', async () => {
    const expectedHex = createHash('sha256').update(message.id).digest('hex').slice(0, 32);
    await expect(sandbox.send(message)).resolves.toEqual({ providerMessageId: `SB${expectedHex}`, status: 'sent' });
  });

  it('gives a retry of the same message the same id, and another message another id', async () => {
    const first = await sandbox.send(message);
    const retry = await new SandboxMessagingAdapter().send({ ...message, body: 'changed' });
    const other = await sandbox.send({ ...message, id: '01JDX0000000000000000000AB' });
    expect(retry.providerMessageId).toBe(first.providerMessageId);
    expect(other.providerMessageId).not.toBe(first.providerMessageId);
    expect(first.providerMessageId).toMatch(/^SB[0-9a-f]{32}$/);
  });

  it('records what it was asked to send, a template and media included, keeping the last 100', async () => {
    const recorder = new SandboxMessagingAdapter();
    const template = { ...message, content: { sid: 'HX0123456789abcdef0123456789abcdef', variables: { '1': 'Anna' } } };
    await recorder.send(template);
    await recorder.send({ ...message, mediaUrls: ['https://cdn.example.com/a.jpg'] });
    expect(recorder.sent).toEqual([template, { ...message, mediaUrls: ['https://cdn.example.com/a.jpg'] }]);
    for (let i = 0; i < 120; i += 1) await recorder.send({ ...message, body: `n${i}` });
    expect(recorder.sent).toHaveLength(100);
    expect(recorder.sent.at(-1)?.body).toBe('n119');
  });

  it('finds nothing, since nothing was sent', async () => {
    await sandbox.send(message);
    await expect(
      sandbox.findSent({
        channel: 'whatsapp',
        from: message.from,
        to: message.to,
        body: message.body,
        since: new Date(0),
      }),
    ).resolves.toBeNull();
  });
});
