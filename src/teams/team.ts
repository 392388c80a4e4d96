import { DEFAULT_REPLY_LEDGER, type ReplyLedgerPolicy } from './reply-ledger-policy.js';
import { DEFAULT_RLA_POLICY, type RlaPolicy } from '../rla/rla-policy.js';
import { DEFAULT_VOICE_FLOW, type VoiceFlow } from '../voice-flow/voice-flow.js';
import { DEFAULT_AFTER_HOURS_FLOW, type AfterHoursFlow } from '../after-hours-flow/after-hours-flow.js';
import { DEFAULT_UNREAD_FALLBACK, type UnreadFallbackSettings } from './unread-fallback-settings.js';

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
  readonly voice: VoiceFlow;
  readonly rla: RlaPolicy;
  /** Who hears about RLA warnings and breaches: email addresses and a signed webhook. */
  readonly notifications: { readonly emails: readonly string[]; readonly webhookUrl: string | null };
  /** The acknowledgement kinds' settings: what `average_response_time` says with too little data. */
  readonly acknowledgements: { readonly averageResponseFallback: string | null };
  /** The reply ledger's guards on automated messages. */
  readonly replyLedger: ReplyLedgerPolicy;
  /** The after-hours conversation over SMS and WhatsApp (GET/PUT /after-hours-flow). */
  readonly afterHoursFlow: AfterHoursFlow;
  /** The web chat widget: on or off, and the sites (origins) allowed to embed it. */
  readonly webChat: { readonly enabled: boolean; readonly allowedOrigins: readonly string[] };
  /** An agent's reply the customer has not read after `afterSeconds` goes once more on another channel (src/unread-fallback). */
  readonly unreadFallback: UnreadFallbackSettings;
}

export const DEFAULT_TEAM_SETTINGS: TeamSettings = {
  missedCalls: { createTickets: true, attachWindowHours: 72 },
  voice: DEFAULT_VOICE_FLOW,
  rla: DEFAULT_RLA_POLICY,
  notifications: { emails: [], webhookUrl: null },
  acknowledgements: { averageResponseFallback: null },
  replyLedger: DEFAULT_REPLY_LEDGER,
  afterHoursFlow: DEFAULT_AFTER_HOURS_FLOW,
  webChat: { enabled: false, allowedOrigins: [] },
  unreadFallback: DEFAULT_UNREAD_FALLBACK,
};

export const SUPPORTED_LOCALES = ['en', 'pl', 'ru'] as const;
