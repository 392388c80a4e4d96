import { planAutoReply } from '../auto-replies/auto-reply.service.js';
import { replyLocale } from '../auto-replies/auto-reply.js';
import { FLOW_STEP_DEFINITION } from '../auto-replies/catalogue.js';
import { loadTeamConfig, type TeamConfigStores } from '../auto-replies/team-config.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { ClaimedMessage } from '../messages/delivery.service.js';
import type { AfterHoursConversationStores } from './after-hours-conversation.service.js';
import { flowMessage } from './flow-texts.js';

export interface FlowExpiryStores extends AfterHoursConversationStores, TeamConfigStores {}

/**
 * Ends the sessions nobody answered for the team's `idleMinutes`, each with one closing message.
 * A timed task of every worker: safe to run in many at once (see FlowSessionsStore.listExpired).
 */
export class FlowExpiry {
  constructor(
    private readonly transact: Transact<FlowExpiryStores>,
    private readonly send: (messages: ClaimedMessage[]) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  /** One pass; answers how many sessions it closed. */
  async run(): Promise<number> {
    const now = this.clock();
    const due = await this.transact((s) => s.flowSessions.listExpired(now, 200));
    let closed = 0;
    for (const candidate of due) {
      const result = await this.transact(async (s) => {
        const config = await loadTeamConfig(s, candidate.teamId);
        if (!config) return null;
        // Contact first, then the session: the order the inbound path locks in.
        const contact = await s.contacts.lockForReply(candidate.teamId, candidate.customer);
        const session = await s.flowSessions.running(candidate.teamId, candidate.customer);
        if (!session || session.id !== candidate.id || session.expiresAt > now) return null;
        if (!(await s.flowSessions.end(session.id, now, 'expired', null))) return null;
        const ticket = session.ticketId ? await s.tickets.get(candidate.teamId, session.ticketId) : null;
        if (ticket)
          await s.tickets.addEvent(
            ticket.id,
            { type: 'flow_ended', actor: 'after-hours-flow', data: { reason: 'expired' }, at: now },
            false,
          );
        const text = flowMessage(config.team.settings.afterHoursFlow, replyLocale(config.team.locale), {
          key: 'expired',
        });
        const outcome = await planAutoReply(s, {
          config,
          contact,
          claim: true,
          kind: FLOW_STEP_DEFINITION.kind,
          customBody: text.body,
          channel: session.channel,
          customer: session.customer,
          teamNumber: session.teamNumber,
          eventId: null,
          isKeyword: false,
          afterHoursOnly: false,
          customerName: contact.profileName,
          ticket: ticket ? { id: ticket.id, number: ticket.number } : null,
          variables: text.variables,
          now,
        });
        return { message: outcome.message };
      });
      if (!result) continue;
      closed += 1;
      if (result.message) await this.send([result.message]);
    }
    return closed;
  }
}
