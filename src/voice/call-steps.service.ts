import crypto from 'node:crypto';
import type { ParseResult, VoiceRequest } from '../../channels/contract.js';
import { placeholderValues } from '../auto-replies/placeholder-values.js';
import { renderTemplate } from '../reply-templates/reply-template.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { CallsStore } from './calls.store.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TeamConfigStores } from '../auto-replies/team-config.js';
import type { Logger } from '../logger.js';
import type { ReceivedRequest } from '../events/received-request.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TeamConfig, TeamConfigCache } from '../auto-replies/team-config.js';
import type { Call } from './call.js';
import {
  planConnected,
  planDialResult,
  planIncoming,
  planMenuChoice,
  planNext,
  planRecorded,
  type CallFlowContext,
} from './call-flow.js';
import type { CallInstruction, CallPlan } from './call-stage.js';
import { defaultPrompts, defaultVoicemailPrompt, sayLanguage, type DefaultPrompts } from './voice-prompts.js';
import { PROMPT_PLACEHOLDERS } from '../voice-flow/voice-flow.js';

/** The stores this module reads and writes. */
export interface CallStepsStores extends TeamConfigStores {
  readonly calls: CallsStore;
  readonly events: WebhookEventsStore;
  readonly teams: TeamsStore;
}

/** The steps Twilio posts back to while a call runs (the `action` URLs of our TwiML). */
export const CALL_STEPS = ['next', 'menu', 'dial', 'connected', 'record'] as const;
export type CallStepName = (typeof CALL_STEPS)[number];

/**
 * Renders a plan as the provider's document; the routes pass the TwiML renderer. `seq` (the
 * call's step count) goes into every action URL, so two redirects with the same form fields are
 * still different requests, and a late replay of an old one is recognized.
 */
export type RenderCall = (instructions: readonly CallInstruction[], callId: string, seq: number) => string;

export interface CallStepInput {
  readonly parsed: ParseResult<VoiceRequest>;
  readonly params: Readonly<Record<string, string>>;
  /** The body byte for byte and what was changed to store its values. */
  readonly received: ReceivedRequest;
  /** Identifies a retry of the same request: it gets the same answer. */
  readonly requestKey: string;
}

export type CallAnswer =
  | { readonly kind: 'twiml'; readonly twiml: string }
  /** Nothing to play: the call is ended (an unknown call, an unusable request). */
  | { readonly kind: 'hangup'; readonly reason: string }
  /** An empty document: lets Twilio go on (an agent's leg connecting) or end a quarantined call. */
  | { readonly kind: 'empty' };

/**
 * Answers Twilio's voice requests on the request path: plans the next TwiML from the team's flow
 * and the call's stage, and records the stage before answering, so the final status callback
 * can tell where the caller was.
 */
export class CallStepsService {
  constructor(
    private readonly transact: Transact<CallStepsStores>,
    private readonly teamConfigs: TeamConfigCache,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly render: RenderCall,
  ) {}

  async incoming(input: CallStepInput): Promise<CallAnswer> {
    const now = this.clock();
    return this.transact(async (s) => {
      const { parsed } = input;
      const reason = !parsed.ok
        ? parsed.reason
        : !parsed.value.from
          ? 'from_not_a_phone_number'
          : !parsed.value.to
            ? 'to_not_a_phone_number'
            : null;
      const teamId = !reason && parsed.ok ? await s.teams.teamIdByNumber(parsed.value.to!) : null;
      if (reason || !teamId || !parsed.ok) {
        await this.quarantine(s, 'call.incoming', input, reason ?? 'unknown_team_number', null, now);
        return { kind: 'empty' };
      }
      const request = parsed.value;
      const config = (await this.teamConfigs.get(s, teamId))!;
      const open = isOpenAt(config.schedule, now);
      const { call, created } = await s.calls.insertOrLock({
        id: crypto.randomUUID(),
        teamId,
        callSid: request.callSid,
        customer: request.from!,
        teamNumber: request.to!,
        afterHours: !open,
        at: now,
      });
      // Twilio retried the incoming webhook: the same answer, no new work.
      if (!created) return call.lastTwiml ? { kind: 'twiml', twiml: call.lastTwiml } : { kind: 'empty' };
      const plan = planIncoming(this.context(config, now, call), open);
      const twiml = await this.answer(s, call, plan, input.requestKey, now);
      await s.events.insertOnce({
        id: crypto.randomUUID(),
        provider: 'twilio',
        type: 'call.incoming',
        teamId,
        dedupeKey: `twilio:call:${request.callSid}:incoming`,
        idempotencyToken: null,
        params: input.params,
        received: input.received,
        parsed: request,
        status: 'processed',
        reason: null,
        receivedAt: now,
        decision: { callId: call.id, stage: plan.stages.at(-1), afterHours: !open },
      });
      return { kind: 'twiml', twiml };
    });
  }

  async step(step: CallStepName, callId: string | null, seq: number | null, input: CallStepInput): Promise<CallAnswer> {
    const now = this.clock();
    return this.transact(async (s) => {
      const { parsed } = input;
      const call = callId && parsed.ok ? await s.calls.lock(callId) : null;
      // The agent's leg has its own CallSid; every other step is the caller's call.
      const belongs = call && parsed.ok && (step === 'connected' || call.callSid === parsed.value.callSid);
      if (!call || !belongs || !parsed.ok) {
        const reason = !parsed.ok ? parsed.reason : 'unknown_call';
        this.log.warn({ step, callId, reason }, 'call step for an unknown call; hanging up');
        await this.quarantine(s, 'call.step', input, reason, call?.teamId ?? null, now);
        return { kind: 'hangup', reason };
      }
      if (call.lastRequestKey === input.requestKey && call.lastTwiml) return { kind: 'twiml', twiml: call.lastTwiml };
      // A replay of a step the call has moved past: answer as last time, change nothing.
      if (seq !== null && seq !== stepCount(call.stages) && step !== 'connected' && call.lastTwiml) {
        this.log.info({ step, callId, seq, current: stepCount(call.stages) }, 'stale call step replayed');
        return { kind: 'twiml', twiml: call.lastTwiml };
      }
      const config = await this.teamConfigs.get(s, call.teamId);
      if (!config) return { kind: 'hangup', reason: 'team_deleted' };
      const request = parsed.value;
      const ctx = this.context(config, now, call);
      const state = {
        stage: call.stage ?? 'greeting',
        menuAttempts: call.menuAttempts,
        chosenOption: call.chosenOption,
      };
      let plan: CallPlan;
      switch (step) {
        case 'next':
          plan = planNext(ctx, state);
          break;
        case 'menu':
          plan = planMenuChoice(ctx, state, request.digits ?? '');
          break;
        case 'dial':
          plan = planDialResult(ctx, state, { status: request.dialCallStatus ?? '', bridged: request.dialBridged });
          break;
        case 'connected':
          plan = planConnected(state);
          break;
        case 'record':
          // The caller is done recording. Twilio confirms the audio with the recording callback;
          // until then, what the action reports is kept as provisional.
          if ((request.recordingSeconds ?? 0) > 0) {
            await s.calls.recordRecording(call.id, {
              state: 'reported_by_action',
              sid: request.recordingSid,
              url: request.recordingUrl,
              seconds: request.recordingSeconds,
              at: now,
            });
          }
          plan = planRecorded(ctx, state);
          break;
      }
      return { kind: 'twiml', twiml: await this.answer(s, call, plan, input.requestKey, now) };
    });
  }

  private async answer(s: CallStepsStores, call: Call, plan: CallPlan, requestKey: string, now: Date): Promise<string> {
    const twiml = this.render(
      plan.instructions,
      call.id,
      stepCount([...call.stages, ...plan.stages.map((stage) => ({ stage }))]),
    );
    await s.calls.recordStep(call.id, {
      stages: plan.stages,
      menuAttempts: plan.menuAttempts,
      chosenOption: plan.chosenOption,
      requestKey,
      twiml,
      at: now,
    });
    return twiml;
  }

  private async quarantine(
    s: CallStepsStores,
    type: 'call.incoming' | 'call.step',
    input: CallStepInput,
    reason: string,
    teamId: string | null,
    now: Date,
  ): Promise<void> {
    const id = crypto.randomUUID();
    await s.events.insertOnce({
      id,
      provider: 'twilio',
      type,
      teamId,
      dedupeKey: `twilio:${type}:quarantined:${input.requestKey}`,
      idempotencyToken: null,
      params: input.params,
      received: input.received,
      parsed: null,
      status: 'quarantined',
      reason,
      receivedAt: now,
    });
    this.log.warn({ eventId: id, type, reason }, 'voice webhook quarantined');
  }

  private context(config: TeamConfig, now: Date, call: Pick<Call, 'teamNumber'>): CallFlowContext {
    const { team, schedule } = config;
    const values = placeholderValues(
      { team, schedule, now, customerName: null, ticketId: null, variables: {} },
      PROMPT_PLACEHOLDERS.map((name) => ({ name, description: '' })),
    );
    return {
      flow: team.settings.voice,
      defaults: withVoicemailPrompt(defaultPrompts(team.locale), team.settings.voice.voicemail.finishOnKey),
      render: (text, extra) => renderTemplate(text, { ...values, ...extra }),
      voice: team.settings.voice.sayVoice,
      language: sayLanguage(team.locale),
      teamNumber: call.teamNumber,
    };
  }
}

// Stages that issued action URLs; "connected" is reached from the agent's leg while the <Dial>
// that will post its action is still running, so it does not count.
function stepCount(stages: ReadonlyArray<{ stage: string }>): number {
  return stages.filter((s) => s.stage !== 'connected').length;
}

function withVoicemailPrompt(prompts: DefaultPrompts, finishOnKey: string): DefaultPrompts {
  return { ...prompts, voicemail: defaultVoicemailPrompt(prompts, finishOnKey) };
}
