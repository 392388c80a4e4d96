import type { MessageChannel } from '../../channels/contract.js';

export interface PlaceholderDefinition {
  readonly name: string;
  readonly description: string;
  /** What a preview shows when the team's data has no value for it. */
  readonly sample?: string;
}

/** Who sends it: an event (a call, a message, a ticket) or an agent on purpose. */
export type KindTrigger = 'event' | 'agent';

/** One kind of the automated-reply catalogue. */
export interface KindDefinition {
  readonly kind: string;
  /** How a manager thinks of it in the panel. */
  readonly group: 'calls' | 'messages' | 'requests';
  readonly title: string;
  readonly firesWhen: string;
  /** The channels the reply goes out on (call outcomes answer the caller by SMS). */
  readonly channels: readonly MessageChannel[];
  readonly trigger: KindTrigger;
  /**
   * Not an answer to what the customer just did (a rating request, a reminder): the reply ledger
   * holds it through the customer's quiet hours instead of waking them.
   */
  readonly proactive: boolean;
  readonly enabledByDefault: boolean;
  /** At most one reply of this kind per customer in this many hours (0: no limit). */
  readonly repeatWindowHours: number;
  /**
   * What the repeat window counts: replies to the customer (default), or replies on the customer's
   * current ticket, so that a new conversation is answered again while one ticket never is twice.
   */
  readonly repeatPer?: 'customer' | 'ticket';
  /** Placeholders this kind accepts besides the common ones. */
  readonly placeholders: readonly PlaceholderDefinition[];
  /**
   * Exempt from the loop guards (auto-responder, agent active, hourly limit): `conversation`, a
   * step of a session the customer is walking (it answers the message they just sent, and the
   * session bounds itself: re-asks at most twice, then moves on or ends); `page`, an urgent page to
   * the team's own on-call staff, which must repeat until someone acknowledges. STOP, the WhatsApp
   * window and the decision log still hold.
   */
  readonly exemptFromLoopGuards?: 'conversation' | 'page';
  /**
   * Carries an agent's own words (the unread-reply fallback): the agent-active guard, which keeps
   * automation from talking over an agent, does not apply; the other guards do.
   */
  readonly carriesAgentWords?: true;
}

export const COMMON_PLACEHOLDERS: readonly PlaceholderDefinition[] = [
  { name: 'company_name', description: "The company's name, as set on the team" },
  { name: 'team_name', description: "The team's name" },
  {
    name: 'customer_name',
    description: "The customer's name when known (WhatsApp profile name), else a neutral greeting word",
    sample: 'Anna',
  },
  {
    name: 'ticket_id',
    description: 'The customer\'s ticket number, when there is one (else "your request")',
    sample: 'T-1042',
  },
  { name: 'next_open', description: "When the team opens next, in the team's time zone and language" },
  { name: 'business_hours', description: "The team's weekly opening hours" },
  { name: 'contact_page_url', description: "The team's contact page" },
  {
    name: 'average_response_time',
    description:
      'The team\'s median first response over the last 30 days, in business hours and words ("about 20 minutes"), or the team\'s fallback text',
    sample: 'about 20 minutes',
  },
];

const AGENT_NAME: PlaceholderDefinition = {
  name: 'agent_name',
  description: 'The name of the agent who handled the conversation',
  sample: 'Kate',
};

// A call's outcome reaches the caller by SMS, or by WhatsApp when the team prefers it and the caller's window is open.
const CALL_REPLY_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp'];
const TEXT_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp'];

// Once per ticket: a customer who writes back on the same ticket is not greeted again (seed 004's warning).
const ACKNOWLEDGEMENT_REPEAT = { repeatWindowHours: 24 * 30, repeatPer: 'ticket' } as const;

// Order is the contract's table order: GET lists kinds in this order, always.
const KINDS: readonly KindDefinition[] = [
  {
    kind: 'customer_hangup',
    group: 'calls',
    title: 'Customer hangs up',
    firesWhen: 'the caller hangs up while ringing, after the greeting, or after choosing a menu option',
    channels: CALL_REPLY_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: true, // the caller wanted us and got nothing: a text keeps the conversation going
    repeatWindowHours: 1,
    placeholders: [],
  },
  {
    kind: 'voicemail_left',
    group: 'calls',
    title: 'Customer leaves a voicemail',
    firesWhen: 'the caller leaves a voicemail',
    channels: CALL_REPLY_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: true, // callers are never sure a voicemail arrived; the receipt is wanted
    repeatWindowHours: 1,
    placeholders: [],
  },
  {
    kind: 'call_completed',
    group: 'calls',
    title: 'After a call with a ticket',
    firesWhen: 'an answered call that has a ticket ends',
    channels: CALL_REPLY_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: false, // the customer just spoke to a person: a text after every call is noise unless the team wants it
    repeatWindowHours: 1,
    placeholders: [AGENT_NAME],
  },
  {
    kind: 'advisor_rating',
    group: 'requests',
    title: 'Ask to rate the agent',
    firesWhen: 'a conversation is resolved: ask the customer to rate the agent',
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: true,
    enabledByDefault: true, // agent kinds go out only when an agent sends them; "enabled" makes them available
    repeatWindowHours: 0,
    placeholders: [
      {
        name: 'rating_link',
        description: 'The link where the customer rates the conversation',
        sample: 'https://rate.example.com/r/7f3a',
      },
      AGENT_NAME,
    ],
  },
  {
    kind: 'ask_resolved',
    group: 'requests',
    title: 'Ask whether the problem is solved',
    firesWhen: 'ask the customer whether the problem is solved',
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: true,
    enabledByDefault: true, // sent only by an agent
    repeatWindowHours: 0,
    placeholders: [AGENT_NAME],
  },
  {
    kind: 'first_message',
    group: 'messages',
    title: "Customer's first message",
    firesWhen: "a customer's message opens a ticket: the greeting (the first of the acknowledgements)",
    channels: TEXT_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: false, // acknowledgements are the team's choice (seed 004): on by default they would double up with agents
    ...ACKNOWLEDGEMENT_REPEAT,
    placeholders: [],
  },
  {
    kind: 'ask_media',
    group: 'requests',
    title: 'Ask for a photo or video',
    firesWhen: 'an agent asks for a photo or video',
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: false,
    enabledByDefault: true, // sent only by an agent
    repeatWindowHours: 0,
    placeholders: [AGENT_NAME],
  },
  {
    kind: 'share_contact_page',
    group: 'requests',
    title: 'Share the contact page',
    firesWhen: "an agent shares the team's contact page",
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: false,
    enabledByDefault: true, // sent only by an agent
    repeatWindowHours: 0,
    placeholders: [], // contact_page_url is a common placeholder
  },
  {
    kind: 'after_hours_call',
    group: 'calls',
    title: 'Call after hours',
    firesWhen: "a call arrives outside the team's schedule (calls only)",
    channels: CALL_REPLY_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: true, // tells the caller when to try again instead of leaving them guessing
    repeatWindowHours: 12,
    placeholders: [],
  },
  {
    kind: 'missed_call',
    group: 'calls',
    title: 'Missed call',
    firesWhen: 'the caller hangs up during the voicemail prompt or the menu options',
    channels: CALL_REPLY_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: true, // like customer_hangup: a missed caller should hear from us
    repeatWindowHours: 1,
    placeholders: [],
  },
  {
    kind: 'approval_request',
    group: 'requests',
    title: 'Ask for approval',
    firesWhen: 'an agent asks the customer to approve something',
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: true,
    enabledByDefault: true, // sent only by an agent
    repeatWindowHours: 0,
    placeholders: [
      {
        name: 'approval_link',
        description: 'The link where the customer approves or declines',
        sample: 'https://approve.example.com/a/91c2',
      },
      {
        name: 'approval_subject',
        description: 'What is to be approved, e.g. "the repair quote"',
        sample: 'the repair quote',
      },
    ],
  },
  {
    kind: 'payment_request',
    group: 'requests',
    title: 'Ask for a payment',
    firesWhen: 'an agent asks the customer to pay',
    channels: TEXT_CHANNELS,
    trigger: 'agent',
    proactive: true,
    enabledByDefault: true, // sent only by an agent
    repeatWindowHours: 0,
    placeholders: [
      { name: 'amount', description: 'The amount to pay, e.g. "49.90"', sample: '49.90' },
      { name: 'currency', description: 'The currency of the amount, e.g. "EUR"', sample: 'EUR' },
      { name: 'payment_link', description: 'The link where the customer pays', sample: 'https://pay.example.com/abc' },
    ],
  },
  {
    kind: 'after_hours_text',
    group: 'messages',
    title: 'Text after hours',
    firesWhen: 'an SMS or WhatsApp message arrives outside the schedule (SMS and WhatsApp only)',
    channels: TEXT_CHANNELS,
    trigger: 'event',
    proactive: false,
    enabledByDefault: true, // the customer is waiting for an answer that will not come until we open
    repeatWindowHours: 12,
    placeholders: [],
  },
  {
    kind: 'after_hours_ticket',
    group: 'messages',
    title: 'Ticket created after hours',
    firesWhen: 'a ticket is created through the API outside the schedule (web and app channels only)',
    channels: TEXT_CHANNELS,
    trigger: 'event',
    proactive: false,
    // Off: the product page says to turn it on only for tickets created through that feature (web/app forms).
    enabledByDefault: false,
    repeatWindowHours: 12,
    placeholders: [],
  },
  // Seed 004's acknowledgements after first_message, in the order they go out.
  {
    kind: 'response_time_notice',
    group: 'messages',
    title: 'Average response time',
    firesWhen: "a customer's message opens a ticket: the team's average response time, after the greeting",
    channels: TEXT_CHANNELS,
    trigger: 'event',
    enabledByDefault: false, // the team's choice, like the greeting
    proactive: false,
    ...ACKNOWLEDGEMENT_REPEAT,
    placeholders: [], // average_response_time is a common placeholder
  },
  {
    kind: 'clarifying_question',
    group: 'messages',
    title: 'Clarifying question',
    firesWhen: "a customer's message opens a ticket: a question that identifies the customer, after the response time",
    channels: TEXT_CHANNELS,
    trigger: 'event',
    enabledByDefault: false, // the team's choice, like the greeting
    proactive: false,
    ...ACKNOWLEDGEMENT_REPEAT,
    placeholders: [],
  },
];

/**
 * A rule's own text (`send_message`): not a catalogue entry a team edits, but decided, guarded
 * and logged as one, so that every automated send passes the same ledger.
 */
export const RULE_MESSAGE_DEFINITION: KindDefinition = {
  kind: 'rule_message',
  group: 'messages',
  title: "A rule's message",
  firesWhen: 'an automation rule sends its own text',
  channels: TEXT_CHANNELS,
  trigger: 'event',
  proactive: false,
  enabledByDefault: true,
  repeatWindowHours: 0,
  placeholders: [],
};

// The after-hours conversation runs where customers write: texts, WhatsApp, and the web chat.
const CONVERSATION_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp', 'web'];

/** The after-hours conversation's first message (away and menu): held to every guard, like `after_hours_text` it replaces. */
export const AFTER_HOURS_FLOW_DEFINITION: KindDefinition = {
  kind: 'after_hours_flow',
  group: 'messages',
  title: 'After-hours conversation: away message and menu',
  firesWhen: 'a customer writes after hours and the team runs the after-hours conversation on this channel',
  channels: CONVERSATION_CHANNELS,
  trigger: 'event',
  proactive: false,
  enabledByDefault: true,
  repeatWindowHours: 0,
  placeholders: [],
};

/** What the after-hours conversation's texts may name beyond the common placeholders, by text (src/after-hours-flow). */
export const FLOW_PLACEHOLDERS: readonly PlaceholderDefinition[] = [
  {
    name: 'sender_number',
    description: "The customer's own number, offered as the number to call",
    sample: '+48600700800',
  },
  {
    name: 'slots',
    description: 'The numbered callback times, one a line',
    sample: '1 Tomorrow 09:00-10:00\n2 Tomorrow 10:00-11:00',
  },
  {
    name: 'answers',
    description: 'The FAQ entries that answer the question, numbered',
    sample: '1) How do I reset my password?\nUse the link on the sign-in page.',
  },
  { name: 'name', description: 'The name the customer gave', sample: 'Anna' },
  { name: 'phone', description: 'The number the customer gave', sample: '+48600700800' },
  { name: 'slot', description: 'The callback time the customer chose', sample: 'tomorrow 09:00-10:00' },
  { name: 'agent_name', description: 'Who acknowledged the urgent issue', sample: 'Kate' },
];

/** Every later message of the after-hours conversation: answers the customer's last message. */
export const FLOW_STEP_DEFINITION: KindDefinition = {
  kind: 'after_hours_flow_step',
  group: 'messages',
  title: 'After-hours conversation: a step',
  firesWhen: 'the customer answers a step of the after-hours conversation, or someone acknowledged their urgent issue',
  channels: CONVERSATION_CHANNELS,
  trigger: 'event',
  proactive: false,
  enabledByDefault: true,
  repeatWindowHours: 0,
  placeholders: FLOW_PLACEHOLDERS,
  exemptFromLoopGuards: 'conversation',
};

/** An urgent page to an on-call number: `URGENT …` with the acknowledge link. */
export const URGENT_PAGE_DEFINITION: KindDefinition = {
  kind: 'urgent_page',
  group: 'messages',
  title: 'Urgent page to on-call staff',
  firesWhen: 'a customer reports an urgent issue after hours, and again every repageMinutes until someone acknowledges',
  channels: TEXT_CHANNELS,
  trigger: 'event',
  proactive: false,
  enabledByDefault: true,
  repeatWindowHours: 0,
  placeholders: [],
  exemptFromLoopGuards: 'page',
};

/** An agent's unread replies sent once more on another channel (src/unread-fallback). */
export const UNREAD_FALLBACK_DEFINITION: KindDefinition = {
  kind: 'unread_fallback',
  group: 'messages',
  title: 'Unread replies, sent once more',
  firesWhen: "an agent's reply is still unread after the team's unreadFallback.afterSeconds",
  channels: TEXT_CHANNELS,
  trigger: 'event',
  // Not an answer to what the customer just did: quiet hours hold it.
  proactive: true,
  enabledByDefault: true,
  repeatWindowHours: 0,
  placeholders: [
    { name: 'replies', description: 'The unread replies, quoted and shortened', sample: '"Your parcel left today."' },
  ],
  carriesAgentWords: true,
};

// Kinds whose text the sender gives (customBody), not the catalogue: not listed or edited in /auto-replies.
const CUSTOM_BODY_KINDS: ReadonlyMap<string, KindDefinition> = new Map(
  [
    RULE_MESSAGE_DEFINITION,
    AFTER_HOURS_FLOW_DEFINITION,
    FLOW_STEP_DEFINITION,
    URGENT_PAGE_DEFINITION,
    UNREAD_FALLBACK_DEFINITION,
  ].map((d) => [d.kind, d]),
);

/** The definition of a kind whose text the sender gives, or null. */
export function customBodyKind(kind: string): KindDefinition | null {
  return CUSTOM_BODY_KINDS.get(kind) ?? null;
}

/** Every kind a decision can carry: the catalogue's and the custom-body ones (for GET /decisions?kind=). */
export function decisionKinds(): string[] {
  return [...KINDS.map((k) => k.kind), ...CUSTOM_BODY_KINDS.keys()];
}

/** The acknowledgements of a customer's message that opens a ticket, in the order they go out. */
export const ACKNOWLEDGEMENT_KINDS = ['first_message', 'response_time_notice', 'clarifying_question'] as const;

const BY_KIND: ReadonlyMap<string, KindDefinition> = new Map(KINDS.map((k) => [k.kind, k]));

export function catalogueKinds(): readonly KindDefinition[] {
  return KINDS;
}

export function kindDefinition(kind: string): KindDefinition | null {
  return BY_KIND.get(kind) ?? null;
}

export function allowedPlaceholders(definition: KindDefinition): readonly PlaceholderDefinition[] {
  return [...COMMON_PLACEHOLDERS, ...definition.placeholders];
}
