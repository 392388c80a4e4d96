/** An audit entry as GET /api/teams/:team/audit shows it. */
export interface AuditEntryView {
  id: string;
  teamId: string | null;
  actor: string;
  action: string;
  subject: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}
