import { SUPPORTED_LOCALES } from '../teams/team.js';
import type { KindDefinition } from './catalogue.js';

/** A language the catalogue ships default texts in; a team may override a body per locale. */
export type ReplyLocale = (typeof SUPPORTED_LOCALES)[number];

/** Saved bodies by locale; a locale that is missing uses the shipped default text. */
export type LocaleBodies = Readonly<Partial<Record<ReplyLocale, string>>>;

export function replyLocale(locale: string): ReplyLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(locale) ? (locale as ReplyLocale) : 'en';
}

/**
 * An approved WhatsApp template for a kind, sent outside the 24-hour window: its Twilio Content
 * SID and the values of its variables, each a template with the kind's placeholders.
 */
export interface WhatsappTemplate {
  readonly contentSid: string;
  /** Variable → text, like `{"1": "{{ customer_name }}"}`. */
  readonly contentVariables: Readonly<Record<string, string>>;
}

/** WhatsApp templates by locale. */
export type LocaleTemplates = Readonly<Partial<Record<ReplyLocale, WhatsappTemplate>>>;

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
  /** The WhatsApp template for `locale`, if the team mapped one. */
  readonly whatsappTemplate: WhatsappTemplate | null;
  /** Every locale's WhatsApp template. */
  readonly whatsappTemplates: LocaleTemplates;
  readonly definition: KindDefinition;
}

/** What a team saved for a kind: enabled and options per kind, bodies per locale. */
export interface SavedAutoReply {
  readonly kind: string;
  readonly enabled: boolean;
  readonly bodies: LocaleBodies;
  readonly options: Partial<AutoReplyOptions>;
  readonly repeatWindowHours: number | null;
  readonly whatsappTemplates: LocaleTemplates;
}

export const DEFAULT_OPTIONS: AutoReplyOptions = {
  includeCompanyName: true,
  includeTeamName: false,
  extraMessage: null,
};
