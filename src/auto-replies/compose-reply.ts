import type { AutoReplyEntry } from './auto-reply.js';
import { renderTemplate } from './reply-template.js';

/**
 * Assembles a reply the same way for every kind: company-name prefix, body, team-name
 * signature, extra message. `values` must hold every placeholder the entry allows.
 */
export function composeReply(entry: AutoReplyEntry, values: Readonly<Record<string, string>>): string {
  const body = renderTemplate(entry.body, values).trim();
  const parts: string[] = [];
  parts.push(entry.options.includeCompanyName && values.company_name ? `${values.company_name}: ${body}` : body);
  if (entry.options.includeTeamName && values.team_name) parts.push(`— ${values.team_name}`);
  const extra = entry.options.extraMessage ? renderTemplate(entry.options.extraMessage, values).trim() : '';
  if (extra) parts.push(extra);
  return parts.join('\n');
}
