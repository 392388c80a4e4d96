// @ts-check
// The Flow tab's decisions, kept apart from the DOM so that a table test can pin them: what a save
// sends, what the preview and the try-it box send, and how a preview step is read.

/**
 * The after-hours flow as GET/PUT /after-hours-flow answer and take it.
 * @typedef {{ numbers: string[], emails: string[], repageMinutes: number, maxPages: number }} OnCall
 * @typedef {{
 *   enabled: boolean, channels: string[], paths: Record<string, boolean>, onCall: OnCall,
 *   idleMinutes: number, texts: Record<string, string>, whatsappMenuContentSid: string | null,
 * }} Flow
 * @typedef {{ key: string, text: string, encoding: string, segments: number }} Step
 */

/** The channels and the paths, in the order the API and the menu list them. */
export const FLOW_CHANNELS = /** @type {const} */ (['sms', 'whatsapp', 'web']);
export const FLOW_PATHS = /** @type {const} */ (['message', 'callback', 'urgent', 'faq']);

/** More SMS segments than this and the preview warns: the text costs more and may arrive split. */
export const MAX_GOOD_SEGMENTS = 2;

/** Stands in for the on-call people in a preview or a try: nobody is paged, the texts do not name them. */
const PREVIEW_ON_CALL = { numbers: [], emails: ['on-call@example.com'] };

/**
 * The texts a save sends: an empty text means "use the default", so its key is left out.
 * @param {Readonly<Record<string, string>>} texts
 * @returns {Record<string, string>}
 */
export function textsToSave(texts) {
  return Object.fromEntries(Object.entries(texts).filter(([, text]) => text.trim() !== ''));
}

/**
 * The flow a save sends (PUT takes the whole flow).
 * @param {Flow} flow
 * @returns {Flow}
 */
export function flowToSave(flow) {
  return { ...flow, texts: textsToSave(flow.texts) };
}

/**
 * The draft the preview and the try-it box send: the texts and the paths as edited (they make the
 * menu), and nothing the texts do not depend on, so that a half-typed number or an urgent path with
 * nobody on call yet does not stop the preview. The save checks those.
 * @param {Flow} flow
 * @returns {Pick<Flow, 'paths' | 'texts'> & { enabled: false, onCall?: typeof PREVIEW_ON_CALL }}
 */
export function draftForPreview(flow) {
  return {
    enabled: false,
    paths: { ...flow.paths },
    texts: textsToSave(flow.texts),
    ...(flow.paths['urgent'] ? { onCall: PREVIEW_ON_CALL } : {}),
  };
}

/**
 * The preview step that shows a text: a menu option is read inside the menu.
 * @param {string} key
 */
export const previewKeyOf = (key) => (key.startsWith('option') ? 'menu' : key);

/**
 * Whether a text is long enough to warn about.
 * @param {Pick<Step, 'segments'>} step
 */
export const tooLong = (step) => step.segments > MAX_GOOD_SEGMENTS;

/**
 * The text key a preview error names, if it names one (`flow.texts.askName` → askName).
 * @param {string | null} field
 */
export function textKeyOf(field) {
  const match = /^(?:flow\.)?texts\.(\w+)$/.exec(field ?? '');
  return match ? (match[1] ?? null) : null;
}

/** The texts' groups in the editor, in the order a conversation meets them. */
export const TEXT_GROUPS = /** @type {const} */ ([
  ['start', ['away', 'menu', 'optionMessage', 'optionCallback', 'optionUrgent', 'optionFaq']],
  [
    'questions',
    ['askName', 'askEmail', 'askPhone', 'askBestTime', 'askTimeZone', 'askRegarding', 'askMessage', 'askDescription'],
  ],
  ['retries', ['invalidChoice', 'invalidEmail', 'invalidPhone', 'required', 'fieldMissing']],
  ['endings', ['messageThanks', 'callbackConfirmed', 'urgentIntro', 'urgentReceived', 'urgentAcknowledged']],
  ['faq', ['faqAsk', 'faqAnswers', 'faqNoMatch', 'faqFound', 'faqBye']],
  ['other', ['expired', 'help']],
]);

/**
 * The texts by group, in the order of TEXT_GROUPS: a text no group names (one the API added
 * later) goes with the others, so that every text the API has can be edited.
 * @template {{ key: string }} T
 * @param {readonly T[]} texts
 * @returns {{ group: string, texts: T[] }[]}
 */
export function groupTexts(texts) {
  /** @type {Map<string, string>} */
  const groupOf = new Map(TEXT_GROUPS.flatMap(([group, keys]) => keys.map((key) => [key, group])));
  return TEXT_GROUPS.map(([group, keys]) => ({
    group,
    texts: texts
      .filter((text) => (groupOf.get(text.key) ?? 'other') === group)
      .sort((a, b) => order(keys, a.key) - order(keys, b.key)),
  })).filter((g) => g.texts.length > 0);
}

/** @param {readonly string[]} keys @param {string} key */
const order = (keys, key) => (keys.includes(key) ? keys.indexOf(key) : keys.length);

/**
 * "refund, money back ,," → ["refund", "money back"]: an FAQ entry's keywords.
 * @param {string} text
 */
export function splitKeywords(text) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
