/** Why two customers became one: a manager merged them, or two contacts gave the same email. */
export type MergeSource = 'manual' | 'email_match';

/** What a merge moved, exactly what its undoing moves back. */
export interface MergeMoved {
  readonly fromCanonical: string;
  readonly intoCanonical: string;
  /** Each address linked to `intoCanonical`, with the merge that had linked it before (null: it was canonical). */
  readonly links: ReadonlyArray<{ readonly address: string; readonly previousMergeId: string | null }>;
  /** Tickets given to `intoCanonical` whole (it had no open ticket). */
  readonly reassigned: ReadonlyArray<{ readonly ticketId: string; readonly number: number }>;
  /** Tickets whose thread moved onto `intoCanonical`'s open ticket (and were closed): which messages. */
  readonly threads: ReadonlyArray<{
    readonly ticketId: string;
    readonly number: number;
    readonly status: 'open' | 'pending';
    readonly intoTicketId: string;
    readonly intoNumber: number;
    readonly messageIds: readonly string[];
  }>;
}

/** A merge of two customers of a team (`customer_merges`). */
export interface CustomerMerge {
  readonly id: string;
  readonly teamId: string;
  /** The addresses as asked (the API's `from` and `into`). */
  readonly from: string;
  readonly into: string;
  readonly source: MergeSource;
  readonly actor: string;
  readonly moved: MergeMoved;
  readonly createdAt: Date;
  readonly undoneAt: Date | null;
  readonly undoneBy: string | null;
}

/** A merge as the API shows it. */
export function mergeView(m: CustomerMerge) {
  return {
    id: m.id,
    from: m.from,
    into: m.into,
    source: m.source,
    actor: m.actor,
    links: m.moved.links.map((l) => l.address),
    tickets: [
      ...m.moved.reassigned.map((t) => ({ number: t.number, movedTo: null })),
      ...m.moved.threads.map((t) => ({ number: t.number, movedTo: t.intoNumber, messages: t.messageIds.length })),
    ],
    createdAt: m.createdAt.toISOString(),
    undoneAt: m.undoneAt?.toISOString() ?? null,
    undoneBy: m.undoneBy,
  };
}
