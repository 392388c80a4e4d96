import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTwilioSignatureVerifier } from '../../../channels/twilio/signature.js';
import { voiceResponse } from '../../../channels/twilio/voice-twiml.js';
import { fixture } from '../../helpers/twilio-signing.js';
import { parseSimulateArgs } from '../../../tools/simulator/simulate-args.js';
import { twimlVerbs } from '../../../tools/simulator/twiml-verbs.js';
import { inboundMessageForm, callForm } from '../../../tools/simulator/twilio-forms.js';
import { twilioSignature } from '../../../tools/simulator/twilio-signing.js';

const VECTORS = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'twilio', 'signature-vectors.json'), 'utf8'),
) as { formVectors: Array<{ fixture: string; url: string; authToken: string; expectedSignature: string }> };

describe('the simulator signs as Twilio does', () => {
  it.each(VECTORS.formVectors)('$fixture matches the recorded signature', (v) => {
    const params = fixture(v.fixture.replace(/\.json$/, ''));
    expect(twilioSignature(v.authToken, v.url, params)).toBe(v.expectedSignature);
  });

  it.each([
    [
      'sms',
      inboundMessageForm({
        channel: 'sms',
        from: '+12125550123',
        to: '+15005550006',
        body: 'Zażółć 🙂 & =',
        profileName: 'x',
        accountSid: 'AC1',
      }),
    ],
    [
      'whatsapp',
      inboundMessageForm({
        channel: 'whatsapp',
        from: '+12125550123',
        to: '+15005550006',
        body: 'Hi',
        profileName: 'Ola',
        accountSid: 'AC1',
      }),
    ],
    [
      'call',
      callForm({ callSid: 'CA1', from: '+12125550123', to: '+15005550006', callStatus: 'ringing', accountSid: 'AC1' }),
    ],
  ])('the gateway verifier accepts a simulated %s form, and refuses another token', (_name, params) => {
    const url = 'http://127.0.0.1:3000/twilio/messages';
    const headers = { 'x-twilio-signature': twilioSignature('sandbox-token', url, params) };
    expect(createTwilioSignatureVerifier('sandbox-token').verify({ url, params, headers })).toBe(true);
    expect(createTwilioSignatureVerifier('other-token').verify({ url, params, headers })).toBe(false);
  });
});

describe('twimlVerbs', () => {
  const url = (action: string) => `http://gw/twilio/voice/${action}?call=c1&s=2`;
  it.each([
    [[{ type: 'hangup' as const }], [{ verb: 'Hangup', name: 'Hangup' }]],
    [
      [
        { type: 'say' as const, text: 'Tom & Jerry <3', voice: 'alice', language: 'en-US' },
        { type: 'redirect' as const, action: 'next' },
      ],
      [
        { verb: 'Say', text: 'Tom & Jerry <3' },
        { verb: 'Redirect', url: 'http://gw/twilio/voice/next?call=c1&s=2' },
      ],
    ],
    [
      [
        {
          type: 'gather' as const,
          action: 'menu',
          timeoutSeconds: 5,
          prompts: [{ type: 'say' as const, text: 'Press 1', voice: 'alice', language: 'en-US' }],
        },
        { type: 'redirect' as const, action: 'next' },
      ],
      [
        { verb: 'Gather', action: 'http://gw/twilio/voice/menu?call=c1&s=2' },
        { verb: 'Redirect', url: 'http://gw/twilio/voice/next?call=c1&s=2' },
      ],
    ],
    [
      [
        {
          type: 'dial' as const,
          numbers: ['+12125550999'],
          timeoutSeconds: 20,
          action: 'dial',
          answered: 'connected',
          callerId: null,
        },
      ],
      [{ verb: 'Dial', action: 'http://gw/twilio/voice/dial?call=c1&s=2' }],
    ],
    [
      [
        {
          type: 'record' as const,
          maxLengthSeconds: 120,
          finishOnKey: '#',
          action: 'record',
          statusCallback: 'recording',
        },
      ],
      [
        {
          verb: 'Record',
          action: 'http://gw/twilio/voice/record?call=c1&s=2',
          recordingStatusCallback: 'http://gw/twilio/voice/recording?call=c1&s=2',
        },
      ],
    ],
    [[], []],
  ])('reads %j rendered by the gateway', (verbs, expected) => {
    expect(twimlVerbs(voiceResponse(verbs, url))).toEqual(expected);
  });
});

describe('parseSimulateArgs', () => {
  const args = ['sms', '--from', '+12125550123', '--to', '+15005550006', 'Hello', 'there'];

  it('finds the gateway where its own configuration puts it: PUBLIC_URL, else http://HOST:PORT', () => {
    const at = (env: NodeJS.ProcessEnv, extra: string[] = []) => {
      const parsed = parseSimulateArgs([...args, ...extra], env);
      if (parsed.kind !== 'run') throw new Error(parsed.kind);
      return [parsed.options.baseUrl, parsed.options.publicUrl];
    };
    expect(at({})).toEqual(['http://127.0.0.1:3000', 'http://127.0.0.1:3000']);
    expect(at({ PORT: '4000', HOST: 'localhost' })).toEqual(['http://localhost:4000', 'http://localhost:4000']);
    expect(at({ PUBLIC_URL: 'https://sb.example.com/' })).toEqual(['https://sb.example.com', 'https://sb.example.com']);
    // Posting locally to a gateway that signs against its public address.
    expect(at({ PUBLIC_URL: 'https://sb.example.com' }, ['--url', 'http://127.0.0.1:3000'])).toEqual([
      'http://127.0.0.1:3000',
      'https://sb.example.com',
    ]);
  });

  it('takes the tokens from the flags, else the environment, and joins the words of the text', () => {
    const fromEnv = parseSimulateArgs(args, { TWILIO_AUTH_TOKEN: 'sig', ADMIN_TOKEN: 'adm' });
    expect(fromEnv).toMatchObject({ kind: 'run', options: { authToken: 'sig', apiToken: 'adm', text: 'Hello there' } });
    const fromFlags = parseSimulateArgs([...args, '--auth-token', 'a', '--token', 't'], { TWILIO_AUTH_TOKEN: 'sig' });
    expect(fromFlags).toMatchObject({ kind: 'run', options: { authToken: 'a', apiToken: 't' } });
  });

  it.each([
    [['call', '--from', '+12125550123', '--to', '+15005550006', '--digits', '1a'], '--digits takes keys'],
    [
      ['call', '--from', '+12125550123', '--to', '+15005550006', '--interactive'],
      '--interactive is for sms and whatsapp',
    ],
    [[...args, '--wait', 'soon'], '--wait takes seconds'],
    [[...args, '--url', 'not a url'], '--url "not a url" is not a URL'],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseSimulateArgs(argv, {});
    expect(parsed.kind).toBe('usage_error');
    expect(parsed.kind === 'usage_error' && parsed.message).toContain(message);
  });
});
