import type { MessageChannel } from '../../channels/contract.js';
import type { KindDefinition } from './catalogue.js';
import type { SmsMeasure } from './sms-segments.js';

export interface PreviewWarning {
  readonly code: 'too_many_segments' | 'whatsapp_template_required' | 'channel_not_applicable';
  readonly message: string;
}

const MAX_COMFORTABLE_SEGMENTS = 3;

/**
 * Kinds that usually reach a customer who has not written to us in the last 24 hours: an agent
 * sends them when the work is done (a payment, an approval, a rating, days later), and an
 * after-hours ticket comes from the web or app, not from a WhatsApp chat. Outside WhatsApp's
 * 24-hour customer-service window only a pre-approved template may be sent.
 */
function oftenOutsideWhatsAppWindow(definition: KindDefinition): boolean {
  return definition.trigger === 'agent' || definition.kind === 'after_hours_ticket';
}

/** What a manager should know before saving a text, beyond its being valid. */
export function previewWarnings(
  definition: KindDefinition,
  channel: MessageChannel,
  measure: SmsMeasure,
): PreviewWarning[] {
  const warnings: PreviewWarning[] = [];
  if (!definition.channels.includes(channel)) {
    warnings.push({
      code: 'channel_not_applicable',
      message: `${definition.kind} is sent by ${definition.channels.join(' and ')} only, never by ${channel}`,
    });
  }
  // WhatsApp does not split messages into parts; SMS bills every part.
  if (channel === 'sms' && measure.segments > MAX_COMFORTABLE_SEGMENTS) {
    warnings.push({
      code: 'too_many_segments',
      message: `the text takes ${measure.segments} SMS parts (${measure.encoding}); each part is billed and long texts arrive out of order on some phones: keep it to ${MAX_COMFORTABLE_SEGMENTS}`,
    });
  }
  if (channel === 'whatsapp' && oftenOutsideWhatsAppWindow(definition)) {
    warnings.push({
      code: 'whatsapp_template_required',
      message:
        'more than 24 hours after the customer last wrote, WhatsApp delivers only an approved template: have this text approved as a WhatsApp template',
    });
  }
  return warnings;
}
