import type { AutoReplyEntry } from './auto-reply.js';
import { renderTemplate } from '../reply-templates/reply-template.js';

/**
 * Assembles a reply the same way for every kind: company-name prefix, body, team-name
 * signature, extra message. `values` must hold every placeholder the entry allows.
 */
export function composeReply(
  entry: Pick<AutoReplyEntry, 'body' | 'options'>,
  values: Readonly<Record<string, string>>,
): string {
  const body = tidy(renderTemplate(entry.body, values));
  const parts: string[] = [];
  parts.push(entry.options.includeCompanyName && values.company_name ? `${values.company_name}: ${body}` : body);
  // An ASCII hyphen, not a dash: one dash would turn an English text into UCS-2 (70 characters a part).
  if (entry.options.includeTeamName && values.team_name) parts.push(`- ${values.team_name}`);
  const extra = entry.options.extraMessage ? tidy(renderTemplate(entry.options.extraMessage, values)) : '';
  if (extra) parts.push(extra);
  return parts.join('\n');
}

// A value that was missing renders as "": close the gap it leaves ("of 49.90  ." → "of 49.90.").
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+([.,!?])/g, '$1')
    .trim();
}
