import type { KindDefinition } from './catalogue.js';

export interface AutoReplyOptions {
  readonly includeCompanyName: boolean;
  readonly includeTeamName: boolean;
  readonly extraMessage: string | null;
}

/** A team's entry for one kind: the catalogue default merged with what the team saved. */
export interface AutoReplyEntry {
  readonly kind: string;
  readonly enabled: boolean;
  readonly body: string;
  /** True while the team has not changed the text. */
  readonly isDefaultBody: boolean;
  readonly options: AutoReplyOptions;
  readonly repeatWindowHours: number;
  readonly definition: KindDefinition;
}

/** What a team saved for a kind; null fields fall back to the catalogue. */
export interface SavedAutoReply {
  readonly kind: string;
  readonly enabled: boolean;
  readonly body: string | null;
  readonly options: Partial<AutoReplyOptions>;
  readonly repeatWindowHours: number | null;
}

export const DEFAULT_OPTIONS: AutoReplyOptions = { includeCompanyName: true, includeTeamName: false, extraMessage: null };
