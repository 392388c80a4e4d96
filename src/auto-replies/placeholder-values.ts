import type { Schedule } from '../schedules/schedule.schema.js';
import { nextOpening } from '../schedules/next-opening.js';
import { formatBusinessHours, formatNextOpening } from '../schedules/schedule-text.js';
import type { Team } from '../teams/team.js';
import type { PlaceholderDefinition } from './catalogue.js';

export interface PlaceholderContext {
  readonly team: Team;
  readonly schedule: Schedule;
  readonly now: Date;
  readonly customerName: string | null;
  readonly ticketId: string | null;
  /** Kind-specific values supplied by the caller (amount, payment_link, …). */
  readonly variables: Readonly<Record<string, string>>;
}

// What a customer sees when a value is missing: never a raw {{placeholder}}.
const FALLBACKS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { customer_name: 'there', next_open: 'soon', ticket_id: 'your request', contact_page_url: '' },
  pl: { customer_name: 'Kliencie', next_open: 'wkrótce', ticket_id: 'Twoje zgłoszenie', contact_page_url: '' },
  ru: { customer_name: 'клиент', next_open: 'скоро', ticket_id: 'ваше обращение', contact_page_url: '' },
};

// A team's hours text changes only with its schedule; cached configs share one schedule object.
const businessHoursText = new WeakMap<Schedule, Map<string, string>>();

function businessHours(schedule: Schedule, locale: string): string {
  let byLocale = businessHoursText.get(schedule);
  if (!byLocale) businessHoursText.set(schedule, (byLocale = new Map<string, string>()));
  let text = byLocale.get(locale);
  if (text === undefined) byLocale.set(locale, (text = gsmFriendly(formatBusinessHours(schedule, locale))));
  return text;
}

// The schedule text writes ranges with an en dash ("Mon–Fri 9:00 AM–5:00 PM"); in an SMS that one
// character turns the whole English reply into UCS-2 (70 characters a part instead of 160).
function gsmFriendly(text: string): string {
  return text.replace(/[\u2013\u2014]/g, '-');
}

/** The value of every allowed placeholder for one reply, with sensible text where one is missing. */
export function placeholderValues(
  ctx: PlaceholderContext,
  allowed: readonly PlaceholderDefinition[],
): Record<string, string> {
  const fallback = FALLBACKS[ctx.team.locale] ?? FALLBACKS.en!;
  const opening = nextOpening(ctx.schedule, ctx.now);
  const known: Record<string, string | null> = {
    company_name: ctx.team.companyName,
    team_name: ctx.team.name,
    customer_name: ctx.customerName,
    ticket_id: ctx.ticketId,
    next_open: opening ? gsmFriendly(formatNextOpening(opening, ctx.schedule, ctx.team.locale, ctx.now)) : null,
    business_hours: businessHours(ctx.schedule, ctx.team.locale),
    contact_page_url: ctx.team.contactPageUrl,
    ...ctx.variables,
  };
  const values: Record<string, string> = {};
  for (const { name } of allowed) values[name] = known[name] || fallback[name] || '';
  return values;
}
