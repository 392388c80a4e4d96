import { z } from 'zod';
import type { DeliveryStatusUpdate, ParseResult } from '../contract.js';
import { isWhatsAppAddress, parseAddress } from './address.js';
import { unusable } from './parse-result.js';
import { toDeliveryStatus } from './status-map.js';
import { messageSidFields, messageSidOf, webhookField } from './webhook-fields.js';

// Unknown keys are dropped by z.object: Twilio adds parameters without notice.
const StatusParams = z.object({
  ...messageSidFields,
  MessageStatus: webhookField,
  ErrorCode: webhookField,
  ErrorMessage: webhookField,
  ChannelStatusMessage: webhookField,
  ChannelPrefix: webhookField,
  From: webhookField,
  To: webhookField,
});

/** Reads a message status callback into a DeliveryStatusUpdate, or says why it cannot be used. */
export function parseStatusCallback(params: Readonly<Record<string, string>>): ParseResult<DeliveryStatusUpdate> {
  const fields = StatusParams.parse(params);
  const providerMessageId = messageSidOf(fields);
  if (!providerMessageId) return unusable('missing_message_sid', 'The request has no MessageSid.');
  if (!fields.MessageStatus) return unusable('missing_message_status', 'The request has no MessageStatus.');

  const isWhatsApp =
    fields.ChannelPrefix?.toLowerCase() === 'whatsapp' ||
    [fields.From, fields.To].some((address) => address !== undefined && isWhatsAppAddress(address));
  return {
    ok: true,
    value: {
      providerMessageId,
      status: toDeliveryStatus(fields.MessageStatus),
      rawStatus: fields.MessageStatus,
      // Twilio posts "0" on some callbacks to mean "no error".
      errorCode: fields.ErrorCode === undefined || fields.ErrorCode === '0' ? null : fields.ErrorCode,
      errorMessage: fields.ErrorMessage ?? fields.ChannelStatusMessage ?? null,
      channel: isWhatsApp ? 'whatsapp' : 'sms',
      from: fields.From ? (parseAddress(fields.From)?.number ?? null) : null,
      to: fields.To ? (parseAddress(fields.To)?.number ?? null) : null,
    },
  };
}
