import type { MessageChannel } from '../../channels/contract.js';
import crypto from 'node:crypto';
import type { OnCallSettings } from '../after-hours-flow/after-hours-flow.js';

/** How an acknowledgement came: the page's link, an `ACK` text back, or the Inbox (the API). */
export type AckVia = 'link' | 'reply' | 'inbox';

/** One urgent issue being paged (a row of `urgent_pages`). */
export interface UrgentPage {
  readonly id: string;
  readonly teamId: string;
  readonly ticketId: string;
  readonly customer: string;
  readonly customerName: string | null;
  readonly customerChannel: MessageChannel;
  readonly teamNumber: string;
  readonly issue: string;
  /** The on-call people and timing as they were when paging started. */
  readonly onCall: OnCallSettings;
  readonly pagesSent: number;
  readonly nextPageAt: Date | null;
  readonly startedAt: Date;
  readonly stoppedAt: Date | null;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedVia: AckVia | null;
}

export type NewUrgentPage = Omit<
  UrgentPage,
  'pagesSent' | 'nextPageAt' | 'stoppedAt' | 'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgedVia'
>;

/** A new acknowledge token: 128 random bits, URL-safe; only its hash is stored. */
export function newAckToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(16).toString('base64url');
  return { token, hash: hashAckToken(token) };
}

export const hashAckToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

/** A token as links carry it; anything else is not looked up. */
export const looksLikeAckToken = (token: string): boolean => /^[A-Za-z0-9_-]{16,64}$/.test(token);

/** `ACK` in any case, with spaces or a full stop around it, is an acknowledgement. */
export function isAckReply(body: string | null | undefined): boolean {
  return /^\s*ack\s*[.!]?\s*$/i.test(body ?? '');
}

/** When the next page is due (or, after the last one, when paging gives up unacknowledged). */
export function nextPageAt(onCall: OnCallSettings, sentAt: Date): Date {
  return new Date(sentAt.getTime() + Math.round(onCall.repageMinutes * 60_000));
}

/** What a due page calls for: the next page, or giving up once `maxPages` went out. */
export function duePageAction(page: { readonly pagesSent: number; readonly onCall: OnCallSettings }): 'page' | 'stop' {
  return page.pagesSent >= page.onCall.maxPages ? 'stop' : 'page';
}

const ISSUE_CHARS = 60;

/**
 * The page's SMS: `URGENT: <name> (<number>) ticket <n>: <issue> Ack: <link>`, short enough for
 * two SMS parts whatever the issue. Braces are broken up: the body goes through the template engine.
 */
export function pageText(p: {
  readonly customer: string;
  readonly customerName: string | null;
  readonly ticketNumber: number;
  readonly issue: string;
  readonly ackUrl: string;
  readonly page: number;
}): string {
  const issue = shorten(p.issue.replace(/\s+/g, ' ').trim(), ISSUE_CHARS);
  const who = p.customerName ? `${shorten(p.customerName.trim(), 30)} (${p.customer})` : p.customer;
  const again = p.page > 1 ? ` (page ${p.page})` : '';
  return untemplated(`URGENT${again}: ${who} ticket ${p.ticketNumber}: ${issue || '-'} Ack: ${p.ackUrl} or reply ACK`);
}

function shorten(text: string, max: number): string {
  // Three dots, not an ellipsis: one non-GSM character would make the whole SMS UCS-2.
  return text.length <= max ? text : `${text.slice(0, max - 3).trimEnd()}...`;
}

/** Text from a person, safe to hand to the reply template engine: no `{{` or `{%` survives. */
export function untemplated(text: string): string {
  return text.replace(/\{/g, '(').replace(/\}/g, ')');
}
