import crypto from 'node:crypto';
import type { CallStatusUpdate, RecordingUpdate } from '../../channels/contract.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { CallsStore } from './calls.store.js';
import type { WebhookEventsStore } from '../events/webhook-events.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import type { CallSettlementStores } from './call-settlement.js';
import type { TeamConfigStores } from '../auto-replies/team-config.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import { isOpenAt } from '../schedules/is-open.js';
import type { TeamConfigCache } from '../auto-replies/team-config.js';
import type { Call } from './call.js';
import { settleCall, type Settlement } from './call-settlement.js';
import type { RecordingState } from './classify-call.js';

/** The stores this module reads and writes. */
export interface CallEventsStores extends CallSettlementStores, TeamConfigStores {
  readonly calls: CallsStore;
  readonly events: WebhookEventsStore;
  readonly teams: TeamsStore;
  readonly tickets: TicketsStore;
}

/** Final CallStatus values: the call is over. */
const FINAL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const RECORDING_STATES: Readonly<Record<string, RecordingState>> = {
  completed: 'completed',
  absent: 'absent',
  failed: 'failed',
  'in-progress': 'in-progress',
};

/** What a stored call.recording event holds: the update and our call id from the callback URL. */
export interface RecordingPayload {
  readonly update: RecordingUpdate;
  readonly callId: string | null;
}

export interface CallTimers {
  /** How long an ended call waits for its recording callback before it is settled without one. */
  readonly recordingGraceMs: number;
}

/**
 * Call status and recording callbacks, off the request path: each is applied to the call (facts
 * only move forward) and then the call is settled if it can be. Duplicates and any order give
 * one outcome, one ticket entry and one reply.
 */
export class CallEventsService {
  constructor(
    private readonly transact: Transact<CallEventsStores>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly clock: Clock,
    private readonly teamConfigs: TeamConfigCache,
    private readonly timers: CallTimers,
  ) {}

  async processStatus(eventId: string, carried: { parsed: unknown } | null): Promise<Settlement | null> {
    return this.run(eventId, carried, async (s, parsed, now) => {
      const update = parsed as CallStatusUpdate;
      if (update.parentCallSid) {
        // An agent's leg: noted on the caller's call; the caller's own callbacks decide the outcome.
        const parent = await s.calls.lockBySid(update.parentCallSid);
        if (parent)
          await s.calls.appendLeg(parent.id, {
            callSid: update.callSid,
            to: update.to,
            status: update.status,
            durationSeconds: update.durationSeconds,
            at: now.toISOString(),
          });
        return { call: null, note: parent ? 'agent_leg' : 'unknown_call' };
      }
      let call = await s.calls.lockBySid(update.callSid);
      if (!call) call = await this.callFromStatus(s, update, now);
      if (!call) return { call: null, note: 'unknown_call' };
      if (FINAL_STATUSES.has(update.status)) {
        await s.calls.recordFinalStatus(call.id, {
          status: update.status,
          durationSeconds: update.durationSeconds,
          at: now,
        });
        // A voicemail settles the call before it ends: its ticket entry learns the length now.
        if (call.ticketId && update.durationSeconds !== null)
          await s.tickets.setCallDuration(call.ticketId, call.id, update.durationSeconds);
      }
      return { call: call.id, note: null };
    });
  }

  async processRecording(eventId: string, carried: { parsed: unknown } | null): Promise<Settlement | null> {
    return this.run(eventId, carried, async (s, parsed, now) => {
      const { update, callId } = parsed as RecordingPayload;
      const call = (callId ? await s.calls.lock(callId) : null) ?? (await s.calls.lockBySid(update.callSid));
      if (!call || call.callSid !== update.callSid) return { call: null, note: 'unknown_call' };
      const state = RECORDING_STATES[update.status] ?? null;
      if (state) {
        await s.calls.recordRecording(call.id, {
          state,
          sid: update.recordingSid,
          url: update.url,
          seconds: update.durationSeconds,
          at: now,
        });
      }
      return { call: call.id, note: null };
    });
  }

  /** Settles calls whose grace ran out, or that never reported an end; called by the worker's timer. */
  async settleOverdue(abandonAfterMs: number, limit = 100): Promise<number> {
    const now = this.clock();
    const ids = await this.transact((s) =>
      s.calls.listUnsettled(now, this.timers.recordingGraceMs, abandonAfterMs, limit),
    );
    let settled = 0;
    for (const id of ids) {
      const result = await this.transact(async (s) => {
        const call = await s.calls.lock(id);
        if (!call || call.outcome) return null;
        const config = await this.teamConfigs.get(s, call.teamId);
        if (!config) return null;
        // A call that never reported its end is settled as it stands (it cannot still be running after hours).
        const asEnded: Call = call.finalStatus
          ? call
          : { ...call, finalStatus: 'completed', endedAt: call.endedAt ?? new Date(0) };
        return settleCall(s, asEnded, config, now, this.timers.recordingGraceMs, null);
      });
      if (result?.outcome) settled += 1;
      if (result) await this.dispatcher.sendClaimed(result.toSend);
    }
    return settled;
  }

  private async run(
    eventId: string,
    carried: { parsed: unknown } | null,
    apply: (s: CallEventsStores, parsed: unknown, now: Date) => Promise<{ call: string | null; note: string | null }>,
  ): Promise<Settlement | null> {
    const result = await this.transact(async (s) => {
      const event = carried ?? (await s.events.lockAccepted(eventId));
      if (!event) return null;
      const now = this.clock();
      const applied = await apply(s, event.parsed, now);
      let settlement: Settlement | null = null;
      if (applied.call) {
        const call = (await s.calls.lock(applied.call))!;
        const config = await this.teamConfigs.get(s, call.teamId);
        if (config) settlement = await settleCall(s, call, config, now, this.timers.recordingGraceMs, eventId);
      }
      const decision = settlement
        ? {
            callId: applied.call,
            outcome: settlement.outcome,
            wait: settlement.wait ?? null,
            ticketId: settlement.ticketId,
            reply: settlement.reply,
          }
        : { skipped: applied.note };
      if (!(await s.events.markProcessed(eventId, decision))) throw new AlreadyProcessed();
      return settlement;
    }).catch((err: unknown) => {
      if (err instanceof AlreadyProcessed) return null;
      throw err;
    });
    if (result) await this.dispatcher.sendClaimed(result.toSend);
    return result;
  }

  /** A status callback for a call we never answered (its voice URL points elsewhere): known from now on. */
  private async callFromStatus(s: CallEventsStores, update: CallStatusUpdate, now: Date): Promise<Call | null> {
    if (update.direction !== 'inbound' || !update.to || !update.from) return null;
    const teamId = await s.teams.teamIdByNumber(update.to);
    if (!teamId) return null;
    const config = await this.teamConfigs.get(s, teamId);
    const afterHours = config ? !isOpenAt(config.schedule, now) : false;
    const { call } = await s.calls.insertOrLock({
      id: crypto.randomUUID(),
      teamId,
      callSid: update.callSid,
      customer: update.from,
      teamNumber: update.to,
      afterHours,
      at: now,
    });
    return call;
  }
}

class AlreadyProcessed extends Error {}
