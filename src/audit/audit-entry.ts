/** One recorded change: who made it, when, and the state before and after. */
export interface AuditEntry {
  readonly id: string;
  readonly teamId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

/**
 * What a service records, inside the transaction that makes the change (so a rolled-back change
 * leaves no entry). `actor` is `principalLabel(principal)`; `action` is `<thing>.<verb>`
 * (`schedule.updated`, `team.updated`, `user.created`, `auto_reply.updated`); `before` and
 * `after` are JSON-serializable snapshots, null when there was nothing before or after.
 */
export interface AuditRecord {
  readonly teamId: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject?: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export function auditEntryView(entry: AuditEntry) {
  return {
    id: entry.id,
    teamId: entry.teamId,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    before: entry.before,
    after: entry.after,
    at: entry.at.toISOString(),
  };
}
