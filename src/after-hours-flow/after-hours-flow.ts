/**
 * A team's after-hours conversation (the Chatim template, seed 000, over SMS and WhatsApp): plain
 * data kept with the team and walked by the pure `flow-step.ts`. Contract: "The after-hours
 * conversation".
 */
/** The languages the flow's default texts ship in (the teams' locales; kept here so teams can import this folder). */
export type FlowLocale = 'en' | 'pl' | 'ru';

export const FLOW_CHANNELS = ['sms', 'whatsapp', 'web'] as const;
export type FlowChannel = (typeof FLOW_CHANNELS)[number];

/** The menu's paths, in the order the menu lists them. */
export const FLOW_PATHS = ['message', 'callback', 'urgent', 'faq'] as const;
export type FlowPath = (typeof FLOW_PATHS)[number];

/** Who is paged for an urgent issue, and how often until someone acknowledges. */
export interface OnCallSettings {
  /** E.164 numbers texted a message that starts with `URGENT`. */
  readonly numbers: readonly string[];
  /** Addresses emailed with high priority (`X-Priority: 1`, `Importance: high`). */
  readonly emails: readonly string[];
  /** Minutes between pages until someone acknowledges (0.5 to 1440). */
  readonly repageMinutes: number;
  /** Pages at most, the first included (1 to 20). */
  readonly maxPages: number;
}

export interface AfterHoursFlow {
  /** Off by default; when on, it replaces `after_hours_text` on `channels`. */
  readonly enabled: boolean;
  readonly channels: readonly FlowChannel[];
  readonly paths: Readonly<Record<FlowPath, boolean>>;
  readonly onCall: OnCallSettings;
  /** A session with no answer for this long ends with one closing message. */
  readonly idleMinutes: number;
  /** The team's own wording, by text key; a key left out uses the default in the team's locale. */
  readonly texts: Readonly<Partial<Record<FlowTextKey, string>>>;
  /** WhatsApp Content API templates (quick replies or a list) for the menu, used inside the window. */
  readonly whatsappMenuContentSid: string | null;
}

/** Every text the conversation sends, by key; defaults in en / pl / ru (default-flow-texts.ts). */
export const FLOW_TEXT_KEYS = [
  'away',
  'menu',
  'optionMessage',
  'optionCallback',
  'optionUrgent',
  'optionFaq',
  'askName',
  'askEmail',
  'askPhone',
  'askBestTime',
  'askTimeZone',
  'askRegarding',
  'askMessage',
  'askDescription',
  'invalidChoice',
  'invalidEmail',
  'invalidPhone',
  'required',
  'fieldMissing',
  'messageThanks',
  'callbackConfirmed',
  'urgentIntro',
  'urgentReceived',
  'urgentAcknowledged',
  'faqAsk',
  'faqAnswers',
  'faqNoMatch',
  'faqFound',
  'faqBye',
  'expired',
  'help',
] as const;
export type FlowTextKey = (typeof FLOW_TEXT_KEYS)[number];

export const DEFAULT_ON_CALL: OnCallSettings = { numbers: [], emails: [], repageMinutes: 5, maxPages: 6 };

export const DEFAULT_AFTER_HOURS_FLOW: AfterHoursFlow = {
  enabled: false,
  channels: ['sms', 'whatsapp', 'web'],
  paths: { message: true, callback: true, urgent: false, faq: true },
  onCall: DEFAULT_ON_CALL,
  idleMinutes: 30,
  texts: {},
  whatsappMenuContentSid: null,
};

/** A stored flow read back: settings added later read as their defaults. */
export function afterHoursFlowOf(stored: Partial<AfterHoursFlow> | undefined): AfterHoursFlow {
  const d = DEFAULT_AFTER_HOURS_FLOW;
  if (!stored) return d;
  return {
    ...d,
    ...stored,
    paths: { ...d.paths, ...stored.paths },
    onCall: { ...d.onCall, ...stored.onCall },
    texts: { ...stored.texts },
  };
}
