import { DEFAULT_OPTIONS, type AutoReplyEntry, type SavedAutoReply } from './auto-reply.js';
import type { KindDefinition } from './catalogue.js';
import { defaultText } from './default-texts.js';

/** The entry in force: what the team saved over the catalogue's defaults for its locale. */
export function resolveEntry(definition: KindDefinition, saved: SavedAutoReply | null, locale: string): AutoReplyEntry {
  return {
    kind: definition.kind,
    enabled: saved?.enabled ?? definition.enabledByDefault,
    body: saved?.body ?? defaultText(definition.kind, locale),
    isDefaultBody: saved?.body == null,
    options: { ...DEFAULT_OPTIONS, ...saved?.options },
    repeatWindowHours: saved?.repeatWindowHours ?? definition.repeatWindowHours,
    definition,
  };
}
