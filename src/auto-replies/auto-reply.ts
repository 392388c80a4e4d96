import { SUPPORTED_LOCALES } from '../teams/team.js';
import type { KindDefinition } from './catalogue.js';

/** A language the catalogue ships default texts in; a team may override a body per locale. */
export type ReplyLocale = (typeof SUPPORTED_LOCALES)[number];

/** Saved bodies by locale; a locale that is missing uses the shipped default text. */
export type LocaleBodies = Readonly<Partial<Record<ReplyLocale, string>>>;

export function replyLocale(locale: string): ReplyLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(locale) ? (locale as ReplyLocale) : 'en';
}

export interface AutoReplyOptions {
  readonly includeCompanyName: boolean;
  readonly includeTeamName: boolean;
  readonly extraMessage: string | null;
}

/** A team's entry for one kind in one locale: the catalogue default merged with what the team saved. */
export interface AutoReplyEntry {
  readonly kind: string;
  readonly enabled: boolean;
  /** The body in force for `locale`. */
  readonly body: string;
  /** True while the team has not changed the text for `locale`. */
  readonly isDefaultBody: boolean;
  readonly locale: ReplyLocale;
  /** Every locale the team overrode. */
  readonly bodies: LocaleBodies;
  readonly options: AutoReplyOptions;
  readonly repeatWindowHours: number;
  readonly definition: KindDefinition;
}

/** What a team saved for a kind: enabled and options per kind, bodies per locale. */
export interface SavedAutoReply {
  readonly kind: string;
  readonly enabled: boolean;
  readonly bodies: LocaleBodies;
  readonly options: Partial<AutoReplyOptions>;
  readonly repeatWindowHours: number | null;
}

export const DEFAULT_OPTIONS: AutoReplyOptions = {
  includeCompanyName: true,
  includeTeamName: false,
  extraMessage: null,
};
