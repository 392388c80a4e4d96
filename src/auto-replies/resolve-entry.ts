import {
  DEFAULT_OPTIONS,
  replyLocale,
  type AutoReplyEntry,
  type SavedAutoReply,
  type WhatsappTemplate,
} from './auto-reply.js';
import type { KindDefinition } from './catalogue.js';
import { defaultText } from './default-texts.js';

/** The entry in force: what the team saved over the catalogue's defaults, for one locale. */
export function resolveEntry(definition: KindDefinition, saved: SavedAutoReply | null, locale: string): AutoReplyEntry {
  const reply = replyLocale(locale);
  const override = saved?.bodies[reply];
  return {
    kind: definition.kind,
    enabled: saved?.enabled ?? definition.enabledByDefault,
    body: override ?? defaultText(definition.kind, reply),
    isDefaultBody: override === undefined,
    locale: reply,
    bodies: saved?.bodies ?? {},
    options: { ...DEFAULT_OPTIONS, ...saved?.options },
    repeatWindowHours: saved?.repeatWindowHours ?? definition.repeatWindowHours,
    whatsappTemplate: saved?.whatsappTemplates[reply] ?? null,
    whatsappTemplates: saved?.whatsappTemplates ?? {},
    definition,
  };
}

/** A rule's own text as an entry: on, sent as written (no company name added), no repeat window. */
export function customEntry(
  definition: KindDefinition,
  body: string,
  locale: string,
  /** The template to send instead outside WhatsApp's window (the unread fallback's), if any. */
  whatsappTemplate: WhatsappTemplate | null = null,
): AutoReplyEntry {
  return {
    kind: definition.kind,
    enabled: true,
    body,
    isDefaultBody: false,
    locale: replyLocale(locale),
    bodies: {},
    options: { ...DEFAULT_OPTIONS, includeCompanyName: false },
    repeatWindowHours: 0,
    whatsappTemplate,
    whatsappTemplates: {},
    definition,
  };
}
