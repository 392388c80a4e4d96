/** A support team as the domain sees it. */
export interface Team {
  readonly id: string;
  readonly name: string;
  readonly companyName: string;
  readonly timezone: string;
  readonly locale: string;
  readonly contactPageUrl: string | null;
  readonly numbers: readonly string[];
  readonly settings: TeamSettings;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface TeamSettings {
  readonly missedCalls: { readonly createTickets: boolean; readonly attachWindowHours: number };
}

export const DEFAULT_TEAM_SETTINGS: TeamSettings = {
  missedCalls: { createTickets: true, attachWindowHours: 72 },
};

export const SUPPORTED_LOCALES = ['en', 'pl', 'ru'] as const;
