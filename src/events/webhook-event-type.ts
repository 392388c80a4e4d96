/** Every kind of stored webhook event. The event processor has one entry per type (checked by the compiler). */
export const WEBHOOK_EVENT_TYPES = [
  'message.inbound',
  'message.status',
  'call.incoming',
  'call.step',
  'call.status',
  'call.recording',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
