import crypto from 'node:crypto';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { Clock } from '../clock.js';
import { contactCardOf, type ContactCard, type ContactsStore } from '../contacts/contacts.store.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { TicketsStore } from '../tickets/tickets.store.js';
import type { CustomerMerge, MergeMoved, MergeSource } from './customer-merge.js';
import type { CustomersStore } from './customers.store.js';

/** The stores a merge reads and writes. */
export interface CustomerMergeStores {
  readonly audit: AuditStore;
  readonly customers: CustomersStore;
  readonly tickets: Pick<TicketsStore, 'addEvent'>;
}

export interface CustomersServiceStores extends CustomerMergeStores {
  readonly contacts: Pick<ContactsStore, 'card'>;
  readonly teams: { get(teamId: string): Promise<object | null> };
}

/** A customer as `GET /customers/:address` shows them. */
export interface CustomerView {
  readonly address: string;
  readonly canonical: string;
  readonly linked: readonly string[];
  readonly contact: ContactCard | null;
  readonly merges: readonly CustomerMerge[];
}

const unknownCustomer = (field: 'from' | 'into', address: string) =>
  new UnprocessableError(`the team knows no customer at "${address}"`, 'unknown_customer', field);

/**
 * Makes the customer `from` belongs to one with the customer `into` belongs to: every address of
 * `from` links to `into`'s canonical address; `from`'s open or pending tickets move onto `into`'s
 * open ticket (their messages move, they close) or, when `into` has none, become `into`'s. Records
 * the merge (what moved, for the undo), a timeline entry on each ticket touched, and an audit
 * entry. Runs in the caller's transaction; takes the customers' locks (sorted) before any ticket.
 */
export async function mergeCustomers(
  s: CustomerMergeStores,
  m: { teamId: string; from: string; into: string; source: MergeSource; actor: string; now: Date },
): Promise<CustomerMerge> {
  const { teamId, now } = m;
  const [fromCanonical, intoCanonical] = [
    await s.customers.canonicalOf(teamId, m.from),
    await s.customers.canonicalOf(teamId, m.into),
  ];
  await s.customers.lockCanonicals(teamId, [fromCanonical, intoCanonical]);
  // Read again under the locks: a merge that committed meanwhile may have moved either.
  const cf = await s.customers.canonicalOf(teamId, m.from);
  const ci = await s.customers.canonicalOf(teamId, m.into);
  if (cf !== fromCanonical || ci !== intoCanonical) return mergeCustomers(s, m);
  if (cf === ci)
    throw new UnprocessableError(
      `"${m.from}" and "${m.into}" are already one customer (${ci})`,
      'already_merged',
      'from',
    );
  const id = crypto.randomUUID();
  const fromTickets = await s.customers.lockOpenTickets(teamId, cf);
  const [intoTicket] = await s.customers.lockOpenTickets(teamId, ci);
  const reassigned: Array<MergeMoved['reassigned'][number]> = [];
  const threads: Array<MergeMoved['threads'][number]> = [];
  for (const t of fromTickets) {
    if (intoTicket) {
      const messageIds = await s.customers.moveThread(t.id, intoTicket.id, now);
      threads.push({
        ticketId: t.id,
        number: t.number,
        status: t.status,
        intoTicketId: intoTicket.id,
        intoNumber: intoTicket.number,
        messageIds,
      });
    } else {
      await s.customers.setTicketCustomer(t.id, ci, now);
      reassigned.push({ ticketId: t.id, number: t.number });
    }
  }
  const merge: CustomerMerge = {
    id,
    teamId,
    from: m.from,
    into: m.into,
    source: m.source,
    actor: m.actor,
    moved: { fromCanonical: cf, intoCanonical: ci, links: [], reassigned, threads },
    createdAt: now,
    undoneAt: null,
    undoneBy: null,
  };
  await s.customers.insertMerge(merge);
  const links = await s.customers.relink(teamId, cf, ci, { mergeId: id, source: m.source, at: now });
  const recorded = { ...merge, moved: { ...merge.moved, links } };
  await s.customers.recordMoved(id, recorded.moved);
  const data = { mergeId: id, from: cf, into: ci, source: m.source };
  for (const t of reassigned)
    await s.tickets.addEvent(t.ticketId, { type: 'customer_merged', actor: m.actor, data, at: now }, false);
  for (const t of threads) {
    const moved = { messages: t.messageIds.length };
    await s.tickets.addEvent(
      t.ticketId,
      { type: 'customer_merged', actor: m.actor, data: { ...data, ...moved, movedTo: t.intoNumber }, at: now },
      false,
    );
    await s.tickets.addEvent(
      t.intoTicketId,
      { type: 'customer_merged', actor: m.actor, data: { ...data, ...moved, movedFrom: t.number }, at: now },
      false,
    );
  }
  await s.audit.record({
    teamId,
    actor: m.actor,
    action: 'customer.merged',
    subject: id,
    before: null,
    after: auditShape(recorded),
  });
  return recorded;
}

/**
 * Two contacts of the team gave the same email: they are one customer, the first-known address
 * canonical (a merge with source `email_match`, undone like any merge). Nothing when the address
 * has no email, none shares it, or they are already one.
 */
export async function linkSameEmail(
  s: CustomerMergeStores,
  m: { teamId: string; address: string; now: Date },
): Promise<CustomerMerge | null> {
  const other = await s.customers.sameEmail(m.teamId, m.address);
  if (!other) return null;
  const [from, into] = other.older ? [m.address, other.address] : [other.address, m.address];
  const [cf, ci] = [await s.customers.canonicalOf(m.teamId, from), await s.customers.canonicalOf(m.teamId, into)];
  if (cf === ci) return null;
  return mergeCustomers(s, { teamId: m.teamId, from, into, source: 'email_match', actor: 'system', now: m.now });
}

/** Customer identity for managers and agents: who a customer is, merging two, undoing a merge. */
export class CustomersService {
  constructor(
    private readonly transact: Transact<CustomersServiceStores>,
    private readonly clock: Clock,
  ) {}

  async show(principal: Principal, teamId: string, address: string): Promise<CustomerView> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      if (!(await s.customers.known(teamId, address))) throw new NotFoundError('customer');
      const canonical = await s.customers.canonicalOf(teamId, address);
      const linked = await s.customers.linkedTo(teamId, canonical);
      const contact = (await s.contacts.card(teamId, address)) ?? contactCardOf({});
      const merges = await s.customers.mergesOf(teamId, [canonical, ...linked]);
      return { address, canonical, linked, contact, merges };
    });
  }

  async merge(principal: Principal, teamId: string, input: { from: string; into: string }): Promise<CustomerMerge> {
    assertTeamAccess(principal, teamId, 'manager');
    if (input.from === input.into)
      throw new UnprocessableError('from and into are the same address: name two customers', 'same_customer', 'into');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      if (!(await s.customers.known(teamId, input.from))) throw unknownCustomer('from', input.from);
      if (!(await s.customers.known(teamId, input.into))) throw unknownCustomer('into', input.into);
      return mergeCustomers(s, {
        teamId,
        ...input,
        source: 'manual',
        actor: principalLabel(principal),
        now: this.clock(),
      });
    });
  }

  /**
   * Undoes a merge: its links as they were, its reassigned tickets back to `from`'s canonical
   * address, its moved messages back on their ticket (reopened as it was). Messages that came
   * after the merge stay where they are. A merge whose links a later merge moved is undone after
   * that one (422 `merge_superseded`).
   */
  async undo(principal: Principal, teamId: string, mergeId: string): Promise<CustomerMerge> {
    assertTeamAccess(principal, teamId, 'manager');
    const actor = principalLabel(principal);
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      const merge = await s.customers.lockMerge(teamId, mergeId);
      if (!merge) throw new NotFoundError('merge');
      if (merge.undoneAt) throw new UnprocessableError('this merge is already undone', 'already_undone', null);
      const { fromCanonical: cf, intoCanonical: ci, links } = merge.moved;
      await s.customers.lockCanonicals(teamId, [cf, ci]);
      if (
        !(await s.customers.linksStand(
          teamId,
          merge.id,
          links.map((l) => l.address),
        ))
      )
        throw new UnprocessableError(
          'a later merge moved these customers: undo that one first',
          'merge_superseded',
          null,
        );
      const now = this.clock();
      await s.customers.unlink(teamId, cf, links);
      const data = { mergeId: merge.id, from: cf, into: ci };
      for (const t of merge.moved.reassigned) {
        await s.customers.setTicketCustomer(t.ticketId, cf, now);
        await s.tickets.addEvent(t.ticketId, { type: 'customer_unmerged', actor, data, at: now }, false);
      }
      for (const t of merge.moved.threads) {
        await s.customers.moveThreadBack(t.ticketId, t.intoTicketId, t.messageIds, t.status, now);
        await s.tickets.addEvent(
          t.ticketId,
          { type: 'customer_unmerged', actor, data: { ...data, movedFrom: t.intoNumber }, at: now },
          false,
        );
        await s.tickets.addEvent(
          t.intoTicketId,
          { type: 'customer_unmerged', actor, data: { ...data, movedTo: t.number }, at: now },
          false,
        );
      }
      await s.customers.markUndone(merge.id, actor, now);
      const undone = { ...merge, undoneAt: now, undoneBy: actor };
      await s.audit.record({
        teamId,
        actor,
        action: 'customer.unmerged',
        subject: merge.id,
        before: auditShape(merge),
        after: null,
      });
      return undone;
    });
  }
}

async function assertTeam(s: CustomersServiceStores, teamId: string): Promise<void> {
  if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
}

function auditShape(m: CustomerMerge) {
  return { from: m.from, into: m.into, source: m.source, moved: m.moved };
}
