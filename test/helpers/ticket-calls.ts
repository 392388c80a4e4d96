import { expect } from 'vitest';
import { CallDriver, type CallView } from './call-driver.js';
import type { TestGateway } from './test-gateway.js';

/** A ticket event as the API shows it: its data spread next to id, type, actor and at. */
export type EventView = {
  readonly id: string;
  readonly type: string;
  readonly actor: string;
  readonly at: string;
} & Record<string, unknown>;

/** A ticket as GET /api/teams/:team/tickets/:id shows it. */
export interface TicketView {
  readonly id: string;
  readonly number: number;
  readonly status: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly tags: string[];
  readonly subject: string;
  readonly channel: string;
  readonly source: string;
  readonly customer: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastActivityAt: string;
  readonly firstResponseDueAt: string | null;
  readonly firstRespondedAt: string | null;
  readonly resolutionDueAt: string | null;
  readonly resolvedAt: string | null;
  readonly rla: {
    readonly firstResponse: string;
    readonly resolution: string;
    readonly firstResponseWarnedAt: string | null;
    readonly firstResponseBreachedAt: string | null;
    readonly resolutionWarnedAt: string | null;
    readonly resolutionBreachedAt: string | null;
  };
  readonly events: EventView[];
}

/** A call that hangs up during the greeting (with no agents, the team is open): a missed call once settled. */
export async function missedCall(
  gw: TestGateway,
  teamId: string,
  teamNumber: string,
  customer: string,
): Promise<CallView> {
  const call = new CallDriver(gw, { id: teamId, number: teamNumber }, customer);
  await call.incoming();
  expect(call.links.redirect).toHaveLength(1);
  await call.hangUp(4);
  return call.settled();
}

/**
 * A caller who hears the greeting, is sent to voicemail (no agents to ring), leaves a message
 * of `seconds` and hangs up: the <Record> action, then the recording status callback, both at
 * the URLs the document gave. Returns the settled call.
 */
export async function voicemailCall(
  gw: TestGateway,
  teamId: string,
  teamNumber: string,
  customer: string,
  seconds = 17,
): Promise<CallView> {
  const call = new CallDriver(gw, { id: teamId, number: teamNumber }, customer);
  await call.incoming();
  expect(await call.follow()).toContain('<Say');
  expect(await call.follow()).toContain('<Record');
  expect(call.links.recording).toHaveLength(1);
  expect(await call.recordEnds(seconds)).toContain('<Hangup');
  await call.recordingStatus('completed', seconds);
  await call.hangUp(seconds + 12);
  return call.settled();
}

/** A team open around the clock (with no agents, every call is missed), with its settings changed by `patch`. */
export async function openTeam(
  gw: TestGateway,
  patch: Record<string, unknown> = {},
): Promise<{ id: string; number: string }> {
  const number = gw.freshNumber();
  const id = await gw.createTeam({ numbers: [number], open: true });
  if (Object.keys(patch).length > 0) await gw.api('patch', `/api/teams/${id}`).send(patch).expect(200);
  return { id, number };
}
