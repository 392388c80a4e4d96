import { z } from 'zod';

/** A webhook form field: absent, empty and non-string values all read as undefined, so parsing never throws. */
export const webhookField = z.string().min(1).optional().catch(undefined);

/** Twilio's message id; `SmsMessageSid`/`SmsSid` are the deprecated names still posted alongside it. */
export const messageSidFields = {
  MessageSid: webhookField,
  SmsMessageSid: webhookField,
  SmsSid: webhookField,
};

/** The message id from the current field, falling back to the deprecated ones. */
export function messageSidOf(fields: {
  MessageSid?: string | undefined;
  SmsMessageSid?: string | undefined;
  SmsSid?: string | undefined;
}): string | undefined {
  return fields.MessageSid ?? fields.SmsMessageSid ?? fields.SmsSid;
}
