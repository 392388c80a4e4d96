import { describe, expect, it } from 'vitest';
import { emptyMessagingResponse, messagingReply } from '../../../../channels/twilio/twiml.js';

describe('messaging TwiML', () => {
  it('renders the empty response exactly', () => {
    expect(emptyMessagingResponse()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('renders a reply with the body escaped', () => {
    expect(messagingReply('Fish & <chips>')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Fish &amp; &lt;chips&gt;</Message></Response>',
    );
  });
});
