import type { TeamConfig } from './team-config.js';
import type { AutoReplyEntry, ReplyLocale } from './auto-reply.js';
import { allowedPlaceholders, type KindDefinition } from './catalogue.js';
import { composeReply } from './compose-reply.js';
import { placeholderValues } from './placeholder-values.js';

export interface SampleRequest {
  readonly config: TeamConfig;
  readonly definition: KindDefinition;
  readonly entry: Pick<AutoReplyEntry, 'body' | 'options'>;
  readonly locale: ReplyLocale;
  readonly now: Date;
  /** Values the caller wants to see instead of the catalogue's samples. */
  readonly sample?: Readonly<Record<string, string>>;
}

/**
 * The reply as a customer would get it, through the same compose path as a real send: the team's
 * own name, schedule and contact page, with sample values for what only a conversation knows.
 */
export function sampleReply(req: SampleRequest): string {
  const allowed = allowedPlaceholders(req.definition);
  const samples: Record<string, string> = {};
  for (const p of allowed) if (p.sample !== undefined) samples[p.name] = p.sample;
  const values = placeholderValues(
    {
      team: { ...req.config.team, locale: req.locale },
      schedule: req.config.schedule,
      now: req.now,
      customerName: null,
      ticketId: null,
      variables: { ...samples, ...req.sample },
    },
    allowed,
  );
  return composeReply(req.entry, values);
}
