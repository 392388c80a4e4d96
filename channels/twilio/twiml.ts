import twilio from 'twilio';

/** `<?xml version="1.0" encoding="UTF-8"?><Response/>`: acknowledges a messaging webhook without replying. */
export function emptyMessagingResponse(): string {
  return new twilio.twiml.MessagingResponse().toString();
}

/** A messaging TwiML document that replies with one message; the SDK escapes the body. */
export function messagingReply(body: string): string {
  const response = new twilio.twiml.MessagingResponse();
  response.message(body);
  return response.toString();
}
