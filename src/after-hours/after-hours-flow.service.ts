import type { AuditStore } from '../audit/audit.store.js';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import { replyLocale, DEFAULT_OPTIONS } from '../auto-replies/auto-reply.js';
import { FLOW_STEP_DEFINITION } from '../auto-replies/catalogue.js';
import { sampleReply } from '../auto-replies/sample-reply.js';
import { measureSms, type SmsEncoding } from '../auto-replies/sms-segments.js';
import { loadTeamConfig, type TeamConfig, type TeamConfigStores } from '../auto-replies/team-config.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError } from '../errors.js';
import { FLOW_TEXT_KEYS, type AfterHoursFlow, type FlowTextKey } from '../after-hours-flow/after-hours-flow.js';
import { nextTurn, type FaqSearch } from './after-hours-conversation.service.js';
import { startFlow, type FlowReply, type FlowState, type FlowTurn } from './flow-step.js';
import { defaultFlowText } from '../after-hours-flow/default-flow-texts.js';
import { flowMessage, placeholdersOf } from './flow-texts.js';

export interface AfterHoursFlowServiceStores extends TeamConfigStores {
  readonly audit: AuditStore;
  readonly faq: FaqSearch;
}

/** One text as the customer would get it, and what it costs over SMS. */
export interface RenderedStep {
  readonly key: FlowTextKey;
  readonly text: string;
  readonly encoding: SmsEncoding;
  readonly segments: number;
}

/** A text of the flow as the panel's editor offers it: the default in the team's language, and what it may use. */
export interface FlowTextDefault {
  readonly key: FlowTextKey;
  readonly default: string;
  readonly placeholders: readonly string[];
}

export interface TryInput {
  /** The session so far, as the last try answered it; null or absent: the customer writes first. */
  readonly state: FlowState | null;
  readonly text: string;
  /** The customer's number (for "reply 1 to use this number" and their time zone). */
  readonly from: string;
}

export interface TryResult {
  readonly state: FlowState | null;
  readonly ended: FlowTurn['end'];
  readonly replies: readonly RenderedStep[];
  readonly completed: FlowTurn['completed'];
}

const SAMPLE_CUSTOMER = '+48600700800';

/** The team's after-hours conversation: managers edit it, agents read it, and both can try it. */
export class AfterHoursFlowService {
  constructor(
    private readonly transact: Transact<AfterHoursFlowServiceStores>,
    private readonly clock: Clock,
  ) {}

  async get(principal: Principal, teamId: string): Promise<AfterHoursFlow> {
    assertTeamAccess(principal, teamId, 'agent');
    return (await this.config(teamId)).team.settings.afterHoursFlow;
  }

  async replace(principal: Principal, teamId: string, flow: AfterHoursFlow): Promise<AfterHoursFlow> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const before = team.settings.afterHoursFlow;
      await s.teams.update({ ...team, settings: { ...team.settings, afterHoursFlow: flow } });
      if (JSON.stringify(before) !== JSON.stringify(flow))
        await s.audit.record({
          teamId,
          actor: principalLabel(principal),
          action: 'after_hours_flow.updated',
          subject: 'after_hours_flow',
          before,
          after: flow,
        });
      return flow;
    });
  }

  /** Each text's default in the team's language, with the placeholders it may use (the panel's text editor). */
  async textDefaults(principal: Principal, teamId: string): Promise<{ locale: string; texts: FlowTextDefault[] }> {
    assertTeamAccess(principal, teamId, 'agent');
    const locale = replyLocale((await this.config(teamId)).team.locale);
    return {
      locale,
      texts: FLOW_TEXT_KEYS.map((key) => ({
        key,
        default: defaultFlowText(key, locale),
        placeholders: placeholdersOf(key),
      })),
    };
  }

  /** Every text of `flow` (the saved one, or a draft) as a customer would read it, with its SMS segments. */
  async preview(principal: Principal, teamId: string, draft: AfterHoursFlow | null): Promise<RenderedStep[]> {
    assertTeamAccess(principal, teamId, 'agent');
    const config = withFlow(await this.config(teamId), draft);
    const now = this.clock();
    return FLOW_TEXT_KEYS.filter((k) => !k.startsWith('option')).map((key) =>
      render(config, { key, values: PREVIEW_VALUES[key] }, now),
    );
  }

  /** One step of the conversation as a customer would walk it: nothing is stored or sent. */
  async tryIt(principal: Principal, teamId: string, input: TryInput, draft: AfterHoursFlow | null): Promise<TryResult> {
    assertTeamAccess(principal, teamId, 'agent');
    const now = this.clock();
    return this.transact(async (s) => {
      const config = withFlow((await loadTeamConfig(s, teamId))!, draft);
      let turn: FlowTurn;
      if (!input.state) turn = startFlow();
      else {
        turn = await nextTurn(s, config, input.state, { from: input.from, text: input.text, keyword: null, now });
      }
      return {
        state: turn.state,
        ended: turn.end,
        replies: turn.replies.map((r) => render(config, r, now)),
        completed: turn.completed,
      };
    });
  }

  private async config(teamId: string): Promise<TeamConfig> {
    const config = await this.transact((s) => loadTeamConfig(s, teamId));
    if (!config) throw new NotFoundError('team');
    return config;
  }
}

export { SAMPLE_CUSTOMER };

function withFlow(config: TeamConfig, draft: AfterHoursFlow | null): TeamConfig {
  if (!draft) return config;
  return { ...config, team: { ...config.team, settings: { ...config.team.settings, afterHoursFlow: draft } } };
}

function render(config: TeamConfig, reply: FlowReply, now: Date): RenderedStep {
  const locale = replyLocale(config.team.locale);
  const message = flowMessage(config.team.settings.afterHoursFlow, locale, reply);
  const text = sampleReply({
    config,
    definition: FLOW_STEP_DEFINITION,
    entry: { body: message.body, options: { ...DEFAULT_OPTIONS, includeCompanyName: false } },
    locale,
    now,
    sample: message.variables,
  });
  const measure = measureSms(text);
  return { key: reply.key, text, encoding: measure.encoding, segments: measure.segments };
}

// What the preview fills in where only a conversation knows the value.
const PREVIEW_VALUES: Readonly<Partial<Record<FlowTextKey, Readonly<Record<string, string>>>>> = {
  askPhone: { sender_number: SAMPLE_CUSTOMER },
};
