// @ts-check
// The panel's state, in one object passed to each tab through the context: nothing else is kept
// between renders except what a tab keeps inside its own render.
//
// Types only: modules name them in JSDoc (import('./state.js')), the browser never loads this file.

export {};

/**
 * Shapes of what the JSON API answers (only the fields the panel reads).
 * @typedef {{ text: string | null, audioUrl: string | null }} Prompt
 * @typedef {{ digit: string, label: string, action: 'agents' | 'voicemail', agents: string[] }} MenuOption
 * @typedef {{ prompt: Prompt, options: MenuOption[], timeoutSeconds: number }} VoiceMenu
 * @typedef {{
 *   greeting: Prompt, afterHoursGreeting: Prompt, menu: VoiceMenu | null, agents: string[],
 *   dialTimeoutSeconds: number, voicemail: { prompt: Prompt, maxLengthSeconds: number, finishOnKey: string },
 *   sayVoice: string, replyChannel: 'sms' | 'whatsapp',
 * }} Voice
 * @typedef {'low' | 'normal' | 'high' | 'urgent'} Priority
 * @typedef {{ firstResponseMinutes: number, resolutionMinutes: number }} RlaTarget
 * @typedef {{ missedCalls: number, withinHours: number, raiseTo: Priority }} RlaEscalation
 * @typedef {{ targets: Record<Priority, RlaTarget>, warnBeforeMinutes: number, escalation: RlaEscalation | null, voicemailNeedsResponse: boolean }} Rla
 * @typedef {{
 *   id: string, name: string, companyName: string, timezone: string, locale: string,
 *   missedCalls: { createTickets: boolean, attachWindowHours: number } | null,
 *   voice: Voice, rla: Rla, notifications: { emails: string[], webhookUrl: string | null } | null,
 * }} Team
 * @typedef {{
 *   kind: string, group: string, title: string, firesWhen: string, trigger: 'event' | 'agent',
 *   channels: string[], enabled: boolean, body: string, isDefaultBody: boolean,
 *   options: { includeCompanyName: boolean, includeTeamName: boolean, extraMessage: string | null },
 *   repeatWindowHours: number | null, placeholders: { name: string, description: string }[],
 * }} Reply
 * @typedef {[string, string]} Interval opens and closes, "HH:MM"
 * @typedef {{ date: string, closed?: true, hours?: Interval[] }} ScheduleException
 * @typedef {{ timezone: string, weekly: Record<string, Interval[]>, exceptions: ScheduleException[] }} Schedule
 */

/**
 * The team shown, as loaded from the API. Tabs replace `team` and `schedule` with what a save
 * answers, so that the other tabs see the saved settings.
 * @typedef {object} TeamState
 * @property {Team} team
 * @property {Reply[]} replies
 * @property {Schedule} schedule
 */

/**
 * What a tab gets to render: the team's state, the API, the messages, and the way to other tabs.
 * @typedef {object} PanelContext
 * @property {TeamState} state
 * @property {boolean} canEdit managers and administrators change settings; agents only tickets
 * @property {import('./api.js').Api} api
 * @property {(suffix?: string) => string} teamPath "/teams/<id><suffix>", for the team shown
 * @property {import('./i18n.js').I18n} i18n
 * @property {(key: import('./i18n.js').MessageKey, params?: import('./i18n.js').Params) => string} t
 * @property {(id: string, request?: TabRequest) => void} selectTab shows a tab (and focuses its button)
 */

/**
 * Asks a tab to show something in particular when selected, e.g. one ticket.
 * @typedef {{ ticketId?: string }} TabRequest
 */

/**
 * A tab: its id (also the URL hash), the message key of its label, and how it renders into its
 * panel. render may answer a view whose show() runs each time the tab is selected (e.g. to load a
 * list).
 * @typedef {object} Tab
 * @property {string} id
 * @property {import('./i18n.js').MessageKey} label
 * @property {(container: HTMLElement, ctx: PanelContext) => TabView | void} render
 * @property {boolean} [agentsMayEdit] whether an agent may use its controls (the API lets agents change tickets)
 */

/** @typedef {{ show?: (request?: TabRequest) => void }} TabView */
