/**
 * WhatsApp's customer-service window: a business may send free-form messages for 24 hours after
 * the customer's last message to it; outside it only approved templates go (Twilio error 63016).
 * Pure, so that the send path, the ticket list and the panel read the same answer.
 */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface WhatsappWindow {
  readonly open: boolean;
  /** When it closes (or closed): the customer's last WhatsApp message + 24 h. */
  readonly closesAt: Date;
}

/** null when the customer never wrote to the team on WhatsApp: there is no window to open. */
export function whatsappWindow(lastInboundWhatsappAt: Date | null, now: Date): WhatsappWindow | null {
  if (!lastInboundWhatsappAt) return null;
  const closesAt = new Date(lastInboundWhatsappAt.getTime() + WHATSAPP_WINDOW_MS);
  return { open: now.getTime() < closesAt.getTime(), closesAt };
}
