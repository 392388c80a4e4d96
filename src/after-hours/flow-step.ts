import {
  FLOW_PATHS,
  type AfterHoursFlow,
  type FlowPath,
  type FlowTextKey,
} from '../after-hours-flow/after-hours-flow.js';
import { PATH_FORMS, readAnswer, type AnswerContext, type FormField } from './form-answers.js';

/** A slot offered for a callback, as kept in the session (ISO instants, label in the customer's zone). */
export interface OfferedSlot {
  readonly start: string;
  readonly end: string;
  readonly label: string;
}

/** Where a customer is in the conversation: kept in `flow_sessions.state` between their messages. */
export interface FlowState {
  readonly step: 'menu' | 'form' | 'faq_question' | 'faq_found';
  readonly path: FlowPath | null;
  /** The question of the path's form being asked. */
  readonly fieldIndex: number;
  /** Invalid answers to the current question so far. */
  readonly retries: number;
  /** Answers by field key; null when the customer gave no valid one (recorded as missing). */
  readonly fields: Readonly<Record<string, string | null>>;
  /** The slots the best-time question offered. */
  readonly slots: readonly OfferedSlot[];
}

/** One message to send: a text of the flow with the values only the flow knows. */
export interface FlowReply {
  readonly key: FlowTextKey;
  readonly values?: Readonly<Record<string, string>>;
}

export interface FlowInput {
  readonly flow: AfterHoursFlow;
  /** The customer's text ('' when they sent only media). */
  readonly text: string;
  readonly keyword: 'STOP' | 'START' | 'HELP' | null;
  readonly answers: AnswerContext;
  /** The customer's time zone when their number tells it, else null (the callback form asks). */
  readonly customerZone: string | null;
  /** Where slots are shown when the customer's zone is neither known nor given. */
  readonly teamZone: string;
  /** The callback slots in a time zone, labelled in it. */
  readonly slotsIn: (timeZone: string) => readonly OfferedSlot[];
  /** FAQ entries that answer `text`, best first; read by the caller when the step is the FAQ question. */
  readonly faqHits: readonly { readonly question: string; readonly answer: string }[];
}

export type FlowEnd = 'completed' | 'stopped' | 'abandoned';

export interface FlowTurn {
  /** The session after this message; null once it has ended. */
  readonly state: FlowState | null;
  readonly end: FlowEnd | null;
  readonly replies: readonly FlowReply[];
  /** A path's form was finished with this message: what the caller acts on (notify, page, call back). */
  readonly completed: {
    readonly path: Exclude<FlowPath, 'faq'>;
    readonly fields: Readonly<Record<string, string | null>>;
  } | null;
}

/** Invalid answers asked again at most this often; the next one records the field as missing. */
export const MAX_RETRIES = 2;

const MENU: FlowState = { step: 'menu', path: null, fieldIndex: 0, retries: 0, fields: {}, slots: [] };
const BACK_WORDS = new Set(['0', 'menu', 'menü', 'меню']);
const YES = new Set(['1', 'yes', 'y', 'tak', 'да']);
const NO = new Set(['2', 'no', 'n', 'nie', 'нет']);

/** The paths the menu lists, in order: those the team turned on. */
export function menuPaths(flow: AfterHoursFlow): FlowPath[] {
  return FLOW_PATHS.filter((p) => flow.paths[p]);
}

/** A customer writes after hours with no session running: the away message and the menu. */
export function startFlow(): FlowTurn {
  return { state: MENU, end: null, replies: [{ key: 'away' }, { key: 'menu' }], completed: null };
}

/** The customer's next message in a running session: the step it leads to, and what to answer. */
export function continueFlow(state: FlowState, input: FlowInput): FlowTurn {
  // STOP always wins: the session ends, and the opt-out (recorded before) silences every reply.
  if (input.keyword === 'STOP') return { state: null, end: 'stopped', replies: [], completed: null };
  if (input.keyword === 'HELP') return stay(state, [{ key: 'help' }]);
  const text = input.text.trim();
  if (BACK_WORDS.has(text.toLowerCase())) return stay(MENU, [{ key: 'menu' }]);
  switch (state.step) {
    case 'menu':
      return chooseFromMenu(state, text, input);
    case 'faq_question':
      return askedFaq(state, text, input);
    case 'faq_found':
      return foundInFaq(state, text, input);
    case 'form':
      return answeredField(state, text, input);
  }
}

function chooseFromMenu(state: FlowState, text: string, input: FlowInput): FlowTurn {
  const paths = menuPaths(input.flow);
  const path = pickPath(paths, text, input.flow);
  if (path) return enterPath(path, input, []);
  if (state.retries < MAX_RETRIES)
    return stay({ ...state, retries: state.retries + 1 }, [{ key: 'invalidChoice' }, { key: 'menu' }]);
  // Three answers that are not a choice: whatever they want to say, a message reaches the team.
  if (input.flow.paths.message) return enterPath('message', input, []);
  return { state: null, end: 'abandoned', replies: [{ key: 'help' }], completed: null };
}

/** A number from the menu, or an option's own words (a WhatsApp quick-reply button sends its title). */
function pickPath(paths: readonly FlowPath[], text: string, flow: AfterHoursFlow): FlowPath | null {
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (n >= 1 && n <= paths.length) return paths[n - 1]!;
  const said = text.toLowerCase();
  const byLabel = paths.find((p) => flow.texts[OPTION_TEXT[p]]?.trim().toLowerCase() === said || p === said);
  return byLabel ?? null;
}

export const OPTION_TEXT: Readonly<Record<FlowPath, FlowTextKey>> = {
  message: 'optionMessage',
  callback: 'optionCallback',
  urgent: 'optionUrgent',
  faq: 'optionFaq',
};

function enterPath(path: FlowPath, input: FlowInput, before: FlowReply[]): FlowTurn {
  if (path === 'faq') return stay({ ...MENU, step: 'faq_question', path: 'faq' }, [...before, { key: 'faqAsk' }]);
  const intro: FlowReply[] = path === 'urgent' ? [{ key: 'urgentIntro' }] : [];
  const start: FlowState = { step: 'form', path, fieldIndex: -1, retries: 0, fields: {}, slots: [] };
  return nextQuestion(start, input, [...before, ...intro]);
}

function askedFaq(state: FlowState, text: string, input: FlowInput): FlowTurn {
  if (text === '') return retryOrMove(state, 'required', [{ key: 'faqAsk' }], input);
  if (input.faqHits.length === 0) {
    // Nothing found: the question goes to the team as a message, when the team takes messages.
    if (input.flow.paths.message) return enterPath('message', input, [{ key: 'faqNoMatch' }]);
    return { state: null, end: 'abandoned', replies: [{ key: 'faqNoMatch' }, { key: 'help' }], completed: null };
  }
  const answers = input.faqHits
    .slice(0, 3)
    .map((hit, i) => `${i + 1}) ${hit.question}\n${shorten(hit.answer, 320)}`)
    .join('\n');
  return stay({ ...state, step: 'faq_found', retries: 0 }, [
    { key: 'faqAnswers', values: { answers } },
    { key: 'faqFound' },
  ]);
}

function foundInFaq(state: FlowState, text: string, input: FlowInput): FlowTurn {
  const said = text.toLowerCase();
  if (YES.has(said)) return { state: null, end: 'completed', replies: [{ key: 'faqBye' }], completed: null };
  if (NO.has(said) && input.flow.paths.message) return enterPath('message', input, []);
  if (NO.has(said)) return { state: null, end: 'abandoned', replies: [{ key: 'help' }], completed: null };
  return retryOrMove(state, 'invalidChoice', [{ key: 'faqFound' }], input);
}

function answeredField(state: FlowState, text: string, input: FlowInput): FlowTurn {
  const field = formOf(state)[state.fieldIndex]!;
  const reading = readAnswer(field, text, { ...input.answers, slotCount: state.slots.length });
  if (reading.ok) return nextQuestion({ ...state, fields: { ...state.fields, [field.key]: reading.value } }, input, []);
  return retryOrMove(state, reading.problem, askFor(field, state, input), input);
}

/** An invalid answer: asked again with what is wrong, at most twice; then the flow moves on without it. */
function retryOrMove(state: FlowState, problem: FlowTextKey, again: FlowReply[], input: FlowInput): FlowTurn {
  if (state.retries < MAX_RETRIES) return stay({ ...state, retries: state.retries + 1 }, [{ key: problem }, ...again]);
  if (state.step === 'form') {
    const field = formOf(state)[state.fieldIndex]!;
    return nextQuestion({ ...state, fields: { ...state.fields, [field.key]: null } }, input, [{ key: 'fieldMissing' }]);
  }
  // The FAQ's questions: no answer after three tries ends the search as if nothing was found.
  if (input.flow.paths.message) return enterPath('message', input, [{ key: 'fieldMissing' }]);
  return { state: null, end: 'abandoned', replies: [{ key: 'help' }], completed: null };
}

/** Asks the path's next question, or finishes the form. */
function nextQuestion(state: FlowState, input: FlowInput, before: FlowReply[]): FlowTurn {
  const form = formOf(state);
  let index = state.fieldIndex + 1;
  let next: FlowState = { ...state, retries: 0 };
  while (index < form.length) {
    const field = form[index]!;
    // The customer's zone is asked only when their number does not tell it.
    if (field.kind === 'timeZone' && input.customerZone !== null) {
      index += 1;
      continue;
    }
    if (field.kind === 'slot') {
      const slots = input.slotsIn(next.fields.timeZone ?? input.customerZone ?? input.teamZone);
      // No opening hours to offer: the team arranges the time itself.
      if (slots.length === 0) {
        next = { ...next, fields: { ...next.fields, [field.key]: null } };
        index += 1;
        continue;
      }
      next = { ...next, slots };
    }
    next = { ...next, fieldIndex: index };
    return stay(next, [...before, ...askFor(field, next, input)]);
  }
  const path = state.path as Exclude<FlowPath, 'faq'>;
  const fields = withSlotTimes(next);
  return {
    state: null,
    end: 'completed',
    replies: [...before, { key: THANKS[path], values: thanksValues(fields, next) }],
    completed: { path, fields },
  };
}

const THANKS: Readonly<Record<Exclude<FlowPath, 'faq'>, FlowTextKey>> = {
  message: 'messageThanks',
  callback: 'callbackConfirmed',
  urgent: 'urgentReceived',
};

function askFor(field: FormField, state: FlowState, input: FlowInput): FlowReply[] {
  if (field.kind === 'phone') return [{ key: field.ask, values: { sender_number: input.answers.senderNumber } }];
  if (field.kind === 'slot')
    return [{ key: field.ask, values: { slots: state.slots.map((s, i) => `${i + 1} ${s.label}`).join('\n') } }];
  return [{ key: field.ask }];
}

/** The chosen slot's number becomes its instants and label on the ticket. */
function withSlotTimes(state: FlowState): Record<string, string | null> {
  const fields: Record<string, string | null> = { ...state.fields };
  const chosen = fields.bestTime ? state.slots[Number(fields.bestTime) - 1] : undefined;
  if (chosen) {
    fields.bestTime = chosen.label;
    fields.bestTimeStart = chosen.start;
    fields.bestTimeEnd = chosen.end;
  }
  return fields;
}

function thanksValues(fields: Readonly<Record<string, string | null>>, state: FlowState): Record<string, string> {
  const chosen = fields.bestTime ? state.slots.find((s) => s.label === fields.bestTime) : undefined;
  return { name: fields.name ?? '', phone: fields.phone ?? '', slot: chosen?.label ?? '' };
}

function formOf(state: FlowState): readonly FormField[] {
  return state.path && state.path !== 'faq' ? PATH_FORMS[state.path] : [];
}

function stay(state: FlowState, replies: FlowReply[]): FlowTurn {
  return { state, end: null, replies, completed: null };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3).trimEnd()}...`;
}
