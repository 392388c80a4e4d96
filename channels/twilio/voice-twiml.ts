import twilio from 'twilio';

/** A TwiML verb as the gateway's call planner describes it (mirrors src/voice/call-stage.ts; channels never import src). */
export type VoiceVerb =
  | { readonly type: 'say'; readonly text: string; readonly voice: string; readonly language: string }
  | { readonly type: 'play'; readonly url: string }
  | {
      readonly type: 'gather';
      readonly action: string;
      readonly timeoutSeconds: number;
      readonly prompts: readonly VoiceVerb[];
    }
  | {
      readonly type: 'dial';
      readonly numbers: readonly string[];
      readonly timeoutSeconds: number;
      readonly action: string;
      readonly answered: string;
      readonly callerId: string | null;
    }
  | {
      readonly type: 'record';
      readonly maxLengthSeconds: number;
      readonly finishOnKey: string;
      readonly action: string;
      readonly statusCallback: string;
    }
  | { readonly type: 'redirect'; readonly action: string }
  | { readonly type: 'hangup' };

type SayAttributes = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0];

/**
 * Renders a call step as TwiML. `url(action)` turns a step name into the absolute, signed-for
 * URL Twilio posts to next; the SDK escapes every text.
 */
export function voiceResponse(verbs: readonly VoiceVerb[], url: (action: string) => string): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const verb of verbs) {
    switch (verb.type) {
      case 'say':
        response.say(sayAttributes(verb), verb.text);
        break;
      case 'play':
        response.play(verb.url);
        break;
      case 'gather': {
        const gather = response.gather({
          input: ['dtmf'],
          numDigits: 1,
          timeout: verb.timeoutSeconds,
          action: url(verb.action),
          method: 'POST',
        });
        for (const prompt of verb.prompts) {
          if (prompt.type === 'say') gather.say(sayAttributes(prompt), prompt.text);
          else if (prompt.type === 'play') gather.play(prompt.url);
        }
        break;
      }
      case 'dial': {
        const dial = response.dial({
          timeout: verb.timeoutSeconds,
          action: url(verb.action),
          method: 'POST',
          ...(verb.callerId ? { callerId: verb.callerId } : {}),
        });
        // Fetched when an agent picks up: the moment the caller is connected.
        for (const number of verb.numbers) dial.number({ url: url(verb.answered), method: 'POST' }, number);
        break;
      }
      case 'record':
        response.record({
          maxLength: verb.maxLengthSeconds,
          ...(verb.finishOnKey ? { finishOnKey: verb.finishOnKey } : {}),
          playBeep: true,
          action: url(verb.action),
          method: 'POST',
          recordingStatusCallback: url(verb.statusCallback),
          recordingStatusCallbackMethod: 'POST',
          recordingStatusCallbackEvent: ['completed', 'absent'],
        });
        break;
      case 'redirect':
        response.redirect({ method: 'POST' }, url(verb.action));
        break;
      case 'hangup':
        response.hangup();
        break;
    }
  }
  return response.toString();
}

/** Ends a call we cannot place in any flow. */
export function hangupResponse(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.hangup();
  return response.toString();
}

function sayAttributes(verb: { voice: string; language: string }): SayAttributes {
  return { voice: verb.voice, language: verb.language } as SayAttributes;
}
