import crypto from 'node:crypto';
import type { AuditStore } from '../audit/audit.store.js';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import { faqEntryView, isFaqLocale, MAX_FAQ_ENTRIES, type FaqEntry, type FaqMatch } from './faq-entry.js';
import type { FaqEntryInput } from './faq.schema.js';
import type { FaqStore } from './faq.store.js';

/** The stores this module reads and writes. */
export interface FaqServiceStores {
  readonly audit: AuditStore;
  readonly faq: FaqStore;
  readonly teams: { get(teamId: string): Promise<{ readonly locale: string } | null> };
}

/** How many entries a search returns unless told otherwise: what the conversation offers. */
export const DEFAULT_FAQ_RESULTS = 3;

/** A team's FAQ: managers edit it, agents read and try it; every change is audited. */
export class FaqService {
  constructor(
    private readonly transact: Transact<FaqServiceStores>,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, teamId: string): Promise<FaqEntry[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      return s.faq.list(teamId);
    });
  }

  async create(principal: Principal, teamId: string, input: FaqEntryInput): Promise<FaqEntry> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      if ((await s.faq.lockAndCount(teamId)) >= MAX_FAQ_ENTRIES)
        throw new UnprocessableError(
          `a team keeps at most ${MAX_FAQ_ENTRIES} FAQ entries; delete or merge some first`,
          'too_many_faq_entries',
        );
      const at = this.clock();
      const entry: FaqEntry = {
        id: crypto.randomUUID(),
        teamId,
        question: input.question,
        answer: input.answer,
        keywords: input.keywords,
        locale: input.locale ?? (isFaqLocale(team.locale) ? team.locale : 'en'),
        createdAt: at,
        updatedAt: at,
      };
      await s.faq.insert(entry);
      await audit(s, principal, 'faq.created', entry.id, teamId, null, entry);
      return entry;
    });
  }

  /** Replaces the entry's question, answer and keywords; an absent `locale` keeps the entry's. */
  async replace(principal: Principal, teamId: string, id: string, input: FaqEntryInput): Promise<FaqEntry> {
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      const before = await s.faq.lock(teamId, id);
      if (!before) throw new NotFoundError('FAQ entry');
      const after: FaqEntry = {
        ...before,
        question: input.question,
        answer: input.answer,
        keywords: input.keywords,
        locale: input.locale ?? before.locale,
        updatedAt: this.clock(),
      };
      await s.faq.update(teamId, id, after, after.updatedAt);
      await audit(s, principal, 'faq.updated', id, teamId, before, after);
      return after;
    });
  }

  async delete(principal: Principal, teamId: string, id: string): Promise<void> {
    assertTeamAccess(principal, teamId, 'manager');
    await this.transact(async (s) => {
      await assertTeam(s, teamId);
      const before = await s.faq.lock(teamId, id);
      if (!before) throw new NotFoundError('FAQ entry');
      await s.faq.delete(teamId, id);
      await audit(s, principal, 'faq.deleted', id, teamId, before, null);
    });
  }

  /**
   * The team's best `limit` entries for a customer's text, best first, none when nothing matches
   * (see `FaqStore.search`). For callers already inside a transaction, such as the after-hours
   * conversation: call `stores.faq.search` on the transaction's own stores instead.
   */
  async search(teamId: string, text: string, limit = DEFAULT_FAQ_RESULTS): Promise<FaqMatch[]> {
    return this.transact((s) => s.faq.search(teamId, text, limit));
  }

  /** `GET /faq/search`: the same search for a team member trying the FAQ out (the panel's try-it box). */
  async searchAs(principal: Principal, teamId: string, text: string): Promise<FaqMatch[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      await assertTeam(s, teamId);
      return s.faq.search(teamId, text, DEFAULT_FAQ_RESULTS);
    });
  }
}

async function assertTeam(s: FaqServiceStores, teamId: string): Promise<void> {
  if (!(await s.teams.get(teamId))) throw new NotFoundError('team');
}

async function audit(
  s: FaqServiceStores,
  principal: Principal,
  action: string,
  subject: string,
  teamId: string,
  before: FaqEntry | null,
  after: FaqEntry | null,
): Promise<void> {
  const shape = (e: FaqEntry | null) => (e ? faqEntryView(e) : null);
  await s.audit.record({
    teamId,
    actor: principalLabel(principal),
    action,
    subject,
    before: shape(before),
    after: shape(after),
  });
}
