import { replyLocale, type ReplyLocale } from '../auto-replies/auto-reply.js';

/** One unread reply as the fallback quotes it. */
export interface QuotedReply {
  readonly body: string;
}

// Three dots, not an ellipsis: one non-GSM character would make an English SMS UCS-2.
function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3).trimEnd()}...`;
}

const HEADLINE: Readonly<Record<ReplyLocale, (n: number, ticket: number) => string>> = {
  en: (n, t) => `You have ${n} new ${n === 1 ? 'reply' : 'replies'} on your request #${t}:`,
  pl: (n, t) => `Masz ${n} ${plural(n, ['nową odpowiedź', 'nowe odpowiedzi', 'nowych odpowiedzi'])} w sprawie #${t}:`,
  ru: (n, t) => `У вас ${n} ${plural(n, ['новый ответ', 'новых ответа', 'новых ответов'])} по обращению #${t}:`,
};

const SUBJECT: Readonly<Record<ReplyLocale, (ticket: number, company: string) => string>> = {
  en: (t, c) => `${c}: new replies on your request #${t}`,
  pl: (t, c) => `${c}: nowe odpowiedzi w sprawie #${t}`,
  ru: (t, c) => `${c}: новые ответы по обращению #${t}`,
};

const EMAIL_FOOTER: Readonly<Record<ReplyLocale, string>> = {
  en: 'You can answer where you wrote to us.',
  pl: 'Możesz odpowiedzieć tam, gdzie do nas napisałeś.',
  ru: 'Ответить можно там, где вы нам написали.',
};

// Slavic plural forms: one, few (2-4, not 12-14), many.
function plural(n: number, [one, few, many]: readonly [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (n === 1) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/**
 * The one message that carries a ticket's unread replies: a headline ("You have 2 new replies on
 * your request #1042:") and each reply quoted, shortened to `perReply` characters.
 */
export function fallbackText(
  replies: readonly QuotedReply[],
  ticketNumber: number,
  locale: string,
  perReply: number,
): string {
  const headline = HEADLINE[replyLocale(locale)](replies.length, ticketNumber);
  return [headline, ...replies.map((r) => `"${shorten(r.body, perReply)}"`)].join('\n');
}

/** The fallback email: its subject names the ticket, so that a reply can be threaded (issue 13). */
export function fallbackEmail(
  replies: readonly QuotedReply[],
  ticket: { readonly id: string; readonly number: number },
  team: { readonly locale: string; readonly companyName: string },
): { subject: string; text: string } {
  const locale = replyLocale(team.locale);
  return {
    subject: `${SUBJECT[locale](ticket.number, team.companyName)} [ticket:${ticket.id}]`,
    text: [fallbackText(replies, ticket.number, locale, 2_000), '', EMAIL_FOOTER[locale]].join('\n'),
  };
}

/** Per reply in an SMS or a WhatsApp template: enough to read, few enough parts. */
export const TEXT_CHARS_PER_REPLY = 200;
