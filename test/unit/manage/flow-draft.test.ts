import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOW_TEXT_KEYS } from '../../../src/after-hours-flow/after-hours-flow.js';
import { afterHoursFlowSchema, previewFlowSchema } from '../../../src/after-hours/after-hours-flow.schema.js';

// The Flow tab's decisions, as pure functions of the browser module (loaded by URL, typed here).
interface Flow {
  enabled: boolean;
  channels: string[];
  paths: Record<string, boolean>;
  onCall: { numbers: string[]; emails: string[]; repageMinutes: number; maxPages: number };
  idleMinutes: number;
  texts: Record<string, string>;
  whatsappMenuContentSid: string | null;
}

const PANEL = path.resolve('src/manage/assets/panel');
const draft = (await import(pathToFileURL(path.join(PANEL, 'flow-draft.js')).href)) as {
  FLOW_CHANNELS: readonly string[];
  FLOW_PATHS: readonly string[];
  TEXT_GROUPS: readonly (readonly [string, readonly string[]])[];
  textsToSave: (texts: Record<string, string>) => Record<string, string>;
  flowToSave: (flow: Flow) => Flow;
  draftForPreview: (flow: Flow) => Record<string, unknown>;
  previewKeyOf: (key: string) => string;
  tooLong: (step: { segments: number }) => boolean;
  textKeyOf: (field: string | null) => string | null;
  splitKeywords: (text: string) => string[];
  groupTexts: <T extends { key: string }>(texts: T[]) => { group: string; texts: T[] }[];
};

const flow = (over: Partial<Flow> = {}): Flow => ({
  enabled: true,
  channels: ['sms', 'whatsapp', 'web'],
  paths: { message: true, callback: true, urgent: false, faq: true },
  onCall: { numbers: [], emails: [], repageMinutes: 5, maxPages: 6 },
  idleMinutes: 30,
  texts: {},
  whatsappMenuContentSid: null,
  ...over,
});

describe('Flow tab: what a save sends', () => {
  it.each<{ name: string; texts: Record<string, string>; expected: Record<string, string> }>([
    { name: 'an empty text is left out (the default)', texts: { askName: '', away: 'Hi' }, expected: { away: 'Hi' } },
    { name: 'spaces only count as empty', texts: { askName: '  \n ' }, expected: {} },
    { name: 'a text is sent as typed', texts: { menu: ' What now? ' }, expected: { menu: ' What now? ' } },
    { name: 'no texts', texts: {}, expected: {} },
  ])('$name', ({ texts, expected }) => {
    expect(draft.textsToSave(texts)).toEqual(expected);
    expect(draft.flowToSave(flow({ texts })).texts).toEqual(expected);
  });

  it('sends a body the API takes as it is', () => {
    const body = draft.flowToSave(
      flow({
        paths: { message: true, callback: false, urgent: true, faq: true },
        onCall: { numbers: ['+48600700801'], emails: [], repageMinutes: 2.5, maxPages: 4 },
        texts: { askName: 'Name?', away: '' },
      }),
    );
    expect(afterHoursFlowSchema.parse(body)).toEqual(body);
  });

  it('knows the channels and paths the API knows', async () => {
    const { FLOW_CHANNELS, FLOW_PATHS } = await import('../../../src/after-hours-flow/after-hours-flow.js');
    expect(draft.FLOW_CHANNELS).toEqual(FLOW_CHANNELS);
    expect(draft.FLOW_PATHS).toEqual(FLOW_PATHS);
  });
});

describe('Flow tab: what the preview and the try-it box send', () => {
  it.each<{ name: string; flow: Flow; expected: Record<string, unknown> }>([
    {
      name: 'the texts and the paths, off, with nothing else',
      flow: flow({ texts: { menu: 'Now?', away: ' ' }, idleMinutes: 2 }),
      expected: {
        enabled: false,
        paths: { message: true, callback: true, urgent: false, faq: true },
        texts: { menu: 'Now?' },
      },
    },
    {
      name: 'urgent on with nobody on call yet: a stand-in, so the preview still runs',
      flow: flow({ paths: { message: false, callback: false, urgent: true, faq: false } }),
      expected: {
        enabled: false,
        paths: { message: false, callback: false, urgent: true, faq: false },
        texts: {},
        onCall: { numbers: [], emails: ['on-call@example.com'] },
      },
    },
    {
      name: 'a half-typed on-call number is not sent',
      flow: flow({ onCall: { numbers: ['+48'], emails: ['x@'], repageMinutes: 0, maxPages: 99 } }),
      expected: { enabled: false, paths: { message: true, callback: true, urgent: false, faq: true }, texts: {} },
    },
    {
      name: 'every path off: still a draft the API takes (the flow is off in it)',
      flow: flow({ paths: { message: false, callback: false, urgent: false, faq: false } }),
      expected: { enabled: false, paths: { message: false, callback: false, urgent: false, faq: false }, texts: {} },
    },
  ])('$name', ({ flow: f, expected }) => {
    const sent = draft.draftForPreview(f);
    expect(sent).toEqual(expected);
    expect(previewFlowSchema.safeParse({ flow: sent }).success).toBe(true);
  });
});

describe('Flow tab: reading the preview', () => {
  it.each([
    ['optionMessage', 'menu'],
    ['optionFaq', 'menu'],
    ['menu', 'menu'],
    ['askName', 'askName'],
  ])('%s is shown by the %s step', (key, step) => {
    expect(draft.previewKeyOf(key)).toBe(step);
  });

  it.each([
    [1, false],
    [2, false],
    [3, true],
  ])('%i segments: warns %s', (segments, warns) => {
    expect(draft.tooLong({ segments })).toBe(warns);
  });

  it.each<[string | null, string | null]>([
    ['flow.texts.askName', 'askName'],
    ['texts.away', 'away'],
    ['flow.onCall', null],
    ['texts', null],
    [null, null],
  ])('the error on %s names the text %s', (field, key) => {
    expect(draft.textKeyOf(field)).toBe(key);
  });
});

describe('Flow tab: the texts in groups', () => {
  it('groups every text the API has, each once, in the order a conversation meets them', () => {
    const groups = draft.groupTexts(FLOW_TEXT_KEYS.map((key) => ({ key })));
    expect(groups.flatMap((g) => g.texts.map((x) => x.key)).sort()).toEqual([...FLOW_TEXT_KEYS].sort());
    expect(groups.map((g) => g.group)).toEqual(['start', 'questions', 'retries', 'endings', 'faq', 'other']);
    expect(groups[0]!.texts.map((x) => x.key)).toEqual([
      'away',
      'menu',
      'optionMessage',
      'optionCallback',
      'optionUrgent',
      'optionFaq',
    ]);
  });

  it('puts a text it does not know with the others, last, and leaves out empty groups', () => {
    const groups = draft.groupTexts([{ key: 'newText' }, { key: 'help' }, { key: 'away' }]);
    expect(groups).toEqual([
      { group: 'start', texts: [{ key: 'away' }] },
      { group: 'other', texts: [{ key: 'help' }, { key: 'newText' }] },
    ]);
  });
});

describe('Flow tab: FAQ keywords', () => {
  it.each([
    ['refund, money back ,,', ['refund', 'money back']],
    ['', []],
    [' one ', ['one']],
  ])('%j → %j', (text, expected) => {
    expect(draft.splitKeywords(text)).toEqual(expected);
  });
});
