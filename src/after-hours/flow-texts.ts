import { COMMON_PLACEHOLDERS, FLOW_PLACEHOLDERS } from '../auto-replies/catalogue.js';
import type { ReplyLocale } from '../auto-replies/auto-reply.js';
import type { AfterHoursFlow, FlowTextKey } from '../after-hours-flow/after-hours-flow.js';
import { flowText } from '../after-hours-flow/default-flow-texts.js';
import { menuPaths, OPTION_TEXT, type FlowReply } from './flow-step.js';

/** The flow-only placeholders each text may use, beside the common ones (company_name, next_open …). */
const OWN_PLACEHOLDERS: Readonly<Partial<Record<FlowTextKey, readonly string[]>>> = {
  askPhone: ['sender_number'],
  askBestTime: ['slots'],
  faqAnswers: ['answers'],
  messageThanks: ['name'],
  callbackConfirmed: ['name', 'phone', 'slot'],
  urgentReceived: ['name'],
  urgentAcknowledged: ['agent_name'],
};

/** The placeholders a manager may use in `key`'s text (checked on save). */
export function placeholdersOf(key: FlowTextKey): string[] {
  const own = OWN_PLACEHOLDERS[key] ?? [];
  return [
    ...COMMON_PLACEHOLDERS.map((p) => p.name),
    ...FLOW_PLACEHOLDERS.filter((p) => own.includes(p.name)).map((p) => p.name),
  ];
}

/** One reply as the ledger takes it: the team's text (a template) and the flow's values for it. */
export interface FlowMessage {
  readonly key: FlowTextKey;
  readonly body: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** The text of a reply: the team's wording or the default; the menu lists the enabled paths, numbered. */
export function flowMessage(flow: AfterHoursFlow, locale: ReplyLocale, reply: FlowReply): FlowMessage {
  if (reply.key === 'menu') {
    const options = menuPaths(flow).map((p, i) => `${i + 1} ${flowText(flow, OPTION_TEXT[p], locale)}`);
    return { key: 'menu', body: [flowText(flow, 'menu', locale), ...options].join('\n'), variables: {} };
  }
  return { key: reply.key, body: flowText(flow, reply.key, locale), variables: reply.values ?? {} };
}
