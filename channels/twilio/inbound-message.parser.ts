import { z } from 'zod';
import type { InboundMessage, MediaAttachment, OptOutKeyword, ParseResult } from '../contract.js';
import { parseAddress } from './address.js';
import { unusable } from './parse-result.js';
import { messageSidFields, messageSidOf, webhookField } from './webhook-fields.js';

// Unknown keys are dropped by z.object: Twilio adds parameters without notice.
const InboundParams = z.object({
  ...messageSidFields,
  From: webhookField,
  To: webhookField,
  Body: webhookField,
  NumMedia: webhookField,
  ProfileName: webhookField,
  WaId: webhookField,
  MessageType: webhookField,
  ButtonText: webhookField,
  ButtonPayload: webhookField,
  OriginalRepliedMessageSid: webhookField,
  OptOutType: webhookField,
});

const OPT_OUT_KEYWORDS: Readonly<Record<string, OptOutKeyword>> = { STOP: 'STOP', START: 'START', HELP: 'HELP' };

// Twilio accepts at most 10 attachments; the bound keeps a hostile NumMedia from driving the loop.
const MAX_MEDIA = 10;

/** Reads an inbound SMS, MMS or WhatsApp webhook into an InboundMessage, or says why it cannot be used. */
export function parseInboundMessage(params: Readonly<Record<string, string>>): ParseResult<InboundMessage> {
  const fields = InboundParams.parse(params);
  const providerMessageId = messageSidOf(fields);
  if (!providerMessageId) return unusable('missing_message_sid', 'The request has no MessageSid.');
  if (!fields.From) return unusable('missing_from', 'The request has no From address.');
  const from = parseAddress(fields.From);
  if (!from) return unusable('from_not_a_phone_number', `From "${fields.From}" is not a phone number.`);
  if (!fields.To) return unusable('missing_to', 'The request has no To address.');
  const to = parseAddress(fields.To);
  if (!to) return unusable('to_not_a_phone_number', `To "${fields.To}" is not a phone number.`);

  const isButtonReply = fields.MessageType === 'button' || fields.ButtonPayload !== undefined;
  return {
    ok: true,
    value: {
      provider: 'twilio',
      providerMessageId,
      channel: from.channel,
      from: from.number,
      to: to.number,
      body: fields.Body ?? '',
      media: mediaOf(params, fields.NumMedia),
      profileName: fields.ProfileName ?? null,
      waId: fields.WaId ?? null,
      button: isButtonReply
        ? {
            text: fields.ButtonText ?? fields.Body ?? '',
            payload: fields.ButtonPayload ?? '',
            repliedToProviderMessageId: fields.OriginalRepliedMessageSid ?? null,
          }
        : null,
      optOutKeyword: optOutKeywordOf(fields.OptOutType),
    },
  };
}

function mediaOf(params: Readonly<Record<string, string>>, numMedia: string | undefined): MediaAttachment[] {
  const count = Math.min(Number.parseInt(numMedia ?? '0', 10) || 0, MAX_MEDIA);
  const media: MediaAttachment[] = [];
  for (let i = 0; i < count; i++) {
    const url = params[`MediaUrl${i}`];
    if (url) media.push({ url, contentType: params[`MediaContentType${i}`] || 'application/octet-stream' });
  }
  return media;
}

function optOutKeywordOf(optOutType: string | undefined): OptOutKeyword | null {
  const keyword = optOutType?.toUpperCase();
  return keyword !== undefined && Object.hasOwn(OPT_OUT_KEYWORDS, keyword) ? (OPT_OUT_KEYWORDS[keyword] ?? null) : null;
}
