import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { MessageChannel } from '../contract.js';

const WHATSAPP_PREFIX = 'whatsapp:';
// Twilio posts E.164 only; checking the shape first stops libphonenumber from extracting a number out of free text.
const E164_SHAPE = /^\+[1-9]\d{1,14}$/;

/** A Twilio address split into its channel and its E.164 number. */
export interface ChannelAddress {
  readonly channel: MessageChannel;
  readonly number: string;
}

/**
 * Reads a Twilio `From`/`To` value (`+12125550123` or `whatsapp:+12125550123`). Returns null when
 * it is not a possible phone number (`anonymous`, short codes without `+`, free text).
 * Possible, not valid: test ranges such as 555-01xx and Twilio's magic numbers must pass.
 */
export function parseAddress(raw: string): ChannelAddress | null {
  const isWhatsApp = isWhatsAppAddress(raw);
  const candidate = isWhatsApp ? raw.slice(WHATSAPP_PREFIX.length) : raw;
  if (!E164_SHAPE.test(candidate)) return null;
  const phone = parsePhoneNumberFromString(candidate);
  if (!phone?.isPossible()) return null;
  return { channel: isWhatsApp ? 'whatsapp' : 'sms', number: phone.number };
}

/** The address Twilio expects for an E.164 number on a channel: WhatsApp needs the `whatsapp:` prefix. */
export function toTwilioAddress(channel: MessageChannel, number: string): string {
  return channel === 'whatsapp' ? `${WHATSAPP_PREFIX}${number}` : number;
}

/** True when a raw Twilio address carries the `whatsapp:` prefix. */
export function isWhatsAppAddress(raw: string): boolean {
  return raw.toLowerCase().startsWith(WHATSAPP_PREFIX);
}
