import { DEFAULT_OPTIONS, replyLocale, type AutoReplyEntry, type SavedAutoReply } from './auto-reply.js';
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
