import { describe, expect, it, vi } from 'vitest';
import { hangupResponse, voiceResponse, type VoiceVerb } from '../../../../channels/twilio/voice-twiml.js';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const doc = (inner: string): string => `${XML}<Response>${inner}</Response>`;
const BASE = 'https://gw.example/twilio/voice/call-1';
const url = (action: string): string => `${BASE}/${action}`;

const say = (text: string, voice = 'alice', language = 'en-US'): VoiceVerb => ({ type: 'say', text, voice, language });

describe('voiceResponse: one verb at a time', () => {
  it.each<[string, VoiceVerb, string]>([
    [
      'say with voice and language',
      say('Thank you for calling.', 'Polly.Joanna', 'en-GB'),
      '<Say voice="Polly.Joanna" language="en-GB">Thank you for calling.</Say>',
    ],
    [
      'say in Polish',
      say('Dziękujemy za telefon.', 'alice', 'pl-PL'),
      '<Say voice="alice" language="pl-PL">Dziękujemy za telefon.</Say>',
    ],
    [
      'say with <, & and " in the text',
      say('Fish & <chips> "today"'),
      '<Say voice="alice" language="en-US">Fish &amp; &lt;chips&gt; "today"</Say>',
    ],
    ['play', { type: 'play', url: 'https://cdn.example/hello.mp3' }, '<Play>https://cdn.example/hello.mp3</Play>'],
    [
      'play with a query string',
      { type: 'play', url: 'https://cdn.example/a.mp3?x=1&y=2' },
      '<Play>https://cdn.example/a.mp3?x=1&amp;y=2</Play>',
    ],
    [
      'gather with a said and a played prompt',
      {
        type: 'gather',
        action: 'menu',
        timeoutSeconds: 6,
        prompts: [say('For sales, press 1.'), { type: 'play', url: 'https://cdn.example/menu.mp3' }],
      },
      `<Gather input="dtmf" numDigits="1" timeout="6" action="${BASE}/menu" method="POST">` +
        '<Say voice="alice" language="en-US">For sales, press 1.</Say><Play>https://cdn.example/menu.mp3</Play></Gather>',
    ],
    [
      'gather with no prompts',
      { type: 'gather', action: 'menu', timeoutSeconds: 30, prompts: [] },
      `<Gather input="dtmf" numDigits="1" timeout="30" action="${BASE}/menu" method="POST"/>`,
    ],
    [
      'gather escapes its prompt text',
      { type: 'gather', action: 'menu', timeoutSeconds: 5, prompts: [say('R&D <press 2>')] },
      `<Gather input="dtmf" numDigits="1" timeout="5" action="${BASE}/menu" method="POST"><Say voice="alice" language="en-US">R&amp;D &lt;press 2&gt;</Say></Gather>`,
    ],
    [
      'dial two agents with the team number as caller id',
      {
        type: 'dial',
        numbers: ['+12125550187', '+12125550188'],
        timeoutSeconds: 20,
        action: 'dial',
        answered: 'connected',
        callerId: '+15005550006',
      },
      `<Dial timeout="20" action="${BASE}/dial" method="POST" callerId="+15005550006">` +
        `<Number url="${BASE}/connected" method="POST">+12125550187</Number>` +
        `<Number url="${BASE}/connected" method="POST">+12125550188</Number></Dial>`,
    ],
    [
      'dial without a caller id leaves the attribute out',
      {
        type: 'dial',
        numbers: ['+12125550187'],
        timeoutSeconds: 45,
        action: 'dial',
        answered: 'connected',
        callerId: null,
      },
      `<Dial timeout="45" action="${BASE}/dial" method="POST"><Number url="${BASE}/connected" method="POST">+12125550187</Number></Dial>`,
    ],
    [
      'record with a finish key',
      { type: 'record', maxLengthSeconds: 120, finishOnKey: '#', action: 'record', statusCallback: 'recording' },
      `<Record maxLength="120" finishOnKey="#" playBeep="true" action="${BASE}/record" method="POST" ` +
        `recordingStatusCallback="${BASE}/recording" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent"/>`,
    ],
    [
      'record without a finish key leaves finishOnKey out',
      { type: 'record', maxLengthSeconds: 30, finishOnKey: '', action: 'record', statusCallback: 'recording' },
      `<Record maxLength="30" playBeep="true" action="${BASE}/record" method="POST" ` +
        `recordingStatusCallback="${BASE}/recording" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed absent"/>`,
    ],
    ['redirect', { type: 'redirect', action: 'next' }, `<Redirect method="POST">${BASE}/next</Redirect>`],
    ['hangup', { type: 'hangup' }, '<Hangup/>'],
  ])('%s', (_name, verb, inner) => {
    expect(voiceResponse([verb], url)).toBe(doc(inner));
  });
});

describe('voiceResponse: documents', () => {
  it('renders no verbs as an empty response (lets a <Dial> bridge)', () => {
    expect(voiceResponse([], url)).toBe(`${XML}<Response/>`);
  });

  it('keeps the verbs in order', () => {
    const xml = voiceResponse(
      [
        say('Sorry.'),
        { type: 'play', url: 'https://cdn.example/vm.mp3' },
        { type: 'redirect', action: 'next' },
        { type: 'hangup' },
      ],
      url,
    );
    expect(xml).toBe(
      doc(
        `<Say voice="alice" language="en-US">Sorry.</Say><Play>https://cdn.example/vm.mp3</Play><Redirect method="POST">${BASE}/next</Redirect><Hangup/>`,
      ),
    );
  });

  it('escapes & and " in URLs placed in attributes and text', () => {
    const signed = (action: string): string => `${BASE}/${action}?step=2&sig="x"`;
    const xml = voiceResponse(
      [
        { type: 'gather', action: 'menu', timeoutSeconds: 5, prompts: [] },
        { type: 'redirect', action: 'next' },
      ],
      signed,
    );
    expect(xml).toContain(`action="${BASE}/menu?step=2&amp;sig=&quot;x&quot;"`);
    expect(xml).toContain(`>${BASE}/next?step=2&amp;sig="x"</Redirect>`);
    expect(xml).not.toMatch(/&(?!amp;|quot;|lt;|gt;|apos;)/);
  });
});

describe('voiceResponse: the URL function', () => {
  it.each<[string, VoiceVerb[], string[]]>([
    [
      'say and play need no URL',
      [say('Hi'), { type: 'play', url: 'https://cdn.example/a.mp3' }, { type: 'hangup' }],
      [],
    ],
    [
      'gather asks for its action',
      [{ type: 'gather', action: 'menu', timeoutSeconds: 5, prompts: [say('Hi')] }],
      ['menu'],
    ],
    [
      'dial asks for its action, then the answered URL once per number',
      [
        {
          type: 'dial',
          numbers: ['+12125550187', '+12125550188', '+12125550189'],
          timeoutSeconds: 20,
          action: 'dial',
          answered: 'connected',
          callerId: null,
        },
      ],
      ['dial', 'connected', 'connected', 'connected'],
    ],
    [
      'record asks for its action and its status callback',
      [{ type: 'record', maxLengthSeconds: 60, finishOnKey: '#', action: 'record', statusCallback: 'recording' }],
      ['record', 'recording'],
    ],
    ['redirect asks for its action', [{ type: 'redirect', action: 'next' }], ['next']],
  ])('%s', (_name, verbs, actions) => {
    const spy = vi.fn(url);
    voiceResponse(verbs, spy);
    expect(spy.mock.calls.map(([action]) => action)).toEqual(actions);
  });
});

describe('hangupResponse', () => {
  it('renders a lone <Hangup/>', () => {
    expect(hangupResponse()).toBe(`${XML}<Response><Hangup/></Response>`);
  });
});
