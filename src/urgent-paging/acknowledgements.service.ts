import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { loadTeamConfig, type TeamConfigStores } from '../auto-replies/team-config.js';
import type { OutboundDispatcher } from '../messages/outbound-dispatcher.js';
import type { UsersStore } from '../users/users.store.js';
import { hashAckToken, looksLikeAckToken, type AckVia, type UrgentPage } from './urgent-page.js';
import { acknowledgeUrgent, type UrgentPagingStores } from './urgent-paging.service.js';

export interface AcknowledgementsStores extends UrgentPagingStores, TeamConfigStores {
  readonly users: UsersStore;
}

/** What the acknowledge link's page shows. */
export type AckLinkState =
  | { readonly state: 'unknown' }
  | {
      readonly state: 'open' | 'acknowledged';
      readonly ticketNumber: number;
      readonly customer: string;
      readonly customerName: string | null;
      readonly pages: number;
      /** The number or address the link was sent to: who acknowledges with it. */
      readonly recipient: string;
      readonly acknowledgedBy: string | null;
      readonly acknowledgedAt: Date | null;
      /** Set by the POST that acknowledged it just now. */
      readonly justNow?: boolean;
    };

export interface TicketAcknowledgement {
  readonly ticketId: string;
  readonly acknowledgedAt: Date;
  readonly acknowledgedBy: string;
  readonly via: AckVia;
  readonly pages: number;
}

/** Acknowledging an urgent page from the web: the page's link (no sign-in) and the Inbox (an agent). */
export class AcknowledgementsService {
  constructor(
    private readonly transact: Transact<AcknowledgementsStores>,
    private readonly dispatcher: OutboundDispatcher,
    private readonly clock: Clock,
  ) {}

  /** What a link's GET shows: it never acknowledges (link previewers open links too). */
  async showLink(token: string): Promise<AckLinkState> {
    if (!looksLikeAckToken(token)) return { state: 'unknown' };
    return this.transact(async (s) => {
      const found = await s.urgentPages.getByToken(hashAckToken(token));
      return found ? this.linkState(s, found.page, found.recipient) : { state: 'unknown' };
    });
  }

  /** The link's POST: acknowledges as the recipient the link was made for, once. */
  async acknowledgeLink(token: string): Promise<AckLinkState> {
    if (!looksLikeAckToken(token)) return { state: 'unknown' };
    const now = this.clock();
    const { state, messageIds } = await this.transact(async (s) => {
      const found = await s.urgentPages.lockByToken(hashAckToken(token));
      if (!found) return { state: { state: 'unknown' } as AckLinkState, messageIds: [] };
      const config = await loadTeamConfig(s, found.page.teamId);
      const acked = config
        ? await acknowledgeUrgent(s, {
            config,
            page: found.page,
            by: found.recipient,
            via: 'link',
            actor: `on-call:${found.recipient}`,
            claim: false,
            now,
          })
        : null;
      const page = acked
        ? { ...found.page, acknowledgedAt: now, acknowledgedBy: found.recipient, acknowledgedVia: 'link' as const }
        : found.page;
      const shown = await this.linkState(s, page, found.recipient);
      return { state: acked ? { ...shown, justNow: true } : shown, messageIds: acked?.messageIds ?? [] };
    });
    await this.dispatcher.dispatch(messageIds);
    return state;
  }

  /**
   * An agent's acknowledgement from the Inbox. 404 for a ticket not in the team; 409 when the
   * ticket was never paged (`not_paged`) or its page is acknowledged already (`already_acknowledged`).
   */
  async acknowledgeTicket(principal: Principal, teamId: string, ticketId: string): Promise<TicketAcknowledgement> {
    assertTeamAccess(principal, teamId, 'agent');
    const now = this.clock();
    const actor = principalLabel(principal);
    const { result, messageIds } = await this.transact(async (s) => {
      const config = await loadTeamConfig(s, teamId);
      if (!config) throw new NotFoundError('team');
      if (!(await s.tickets.get(teamId, ticketId))) throw new NotFoundError('ticket');
      const page = await s.urgentPages.lockUnacknowledgedForTicket(ticketId);
      if (!page) {
        const latest = await s.urgentPages.latestForTicket(ticketId);
        if (!latest) throw new ConflictError('this ticket has no urgent page to acknowledge', 'not_paged');
        throw new ConflictError(
          `the urgent page was acknowledged already, by ${latest.acknowledgedBy ?? 'someone'}`,
          'already_acknowledged',
        );
      }
      const by = await this.nameOf(s, principal, actor);
      const acked = await acknowledgeUrgent(s, { config, page, by, via: 'inbox', actor, claim: false, now });
      if (!acked) throw new ConflictError('the urgent page was acknowledged already', 'already_acknowledged');
      const result: TicketAcknowledgement = {
        ticketId,
        acknowledgedAt: now,
        acknowledgedBy: by,
        via: 'inbox',
        pages: page.pagesSent,
      };
      return { result, messageIds: acked.messageIds };
    });
    await this.dispatcher.dispatch(messageIds);
    return result;
  }

  /** The signed-in user's name (and email), or the token's label: what the customer and the timeline see. */
  private async nameOf(s: AcknowledgementsStores, principal: Principal, label: string): Promise<string> {
    const user = principal.userId ? await s.users.get(principal.userId) : null;
    return user ? user.name || user.email : label;
  }

  private async linkState(s: AcknowledgementsStores, page: UrgentPage, recipient: string): Promise<AckLinkState> {
    const ticket = await s.tickets.get(page.teamId, page.ticketId);
    return {
      state: page.acknowledgedAt ? 'acknowledged' : 'open',
      ticketNumber: ticket?.number ?? 0,
      customer: page.customer,
      customerName: page.customerName,
      pages: page.pagesSent,
      recipient,
      acknowledgedBy: page.acknowledgedBy,
      acknowledgedAt: page.acknowledgedAt,
    };
  }
}
