import type { MessageChannel } from '../../channels/contract.js';

export interface PlaceholderDefinition {
  readonly name: string;
  readonly description: string;
}

/** One kind of the automated-reply catalogue. */
export interface KindDefinition {
  readonly kind: string;
  /** How a manager thinks of it in the panel. */
  readonly group: 'calls' | 'messages' | 'requests';
  readonly title: string;
  readonly firesWhen: string;
  readonly channels: readonly MessageChannel[];
  readonly enabledByDefault: boolean;
  /** At most one reply of this kind per customer in this many hours (0: no limit). */
  readonly repeatWindowHours: number;
  /** Placeholders this kind accepts besides the common ones. */
  readonly placeholders: readonly PlaceholderDefinition[];
}

export const COMMON_PLACEHOLDERS: readonly PlaceholderDefinition[] = [
  { name: 'company_name', description: "The company's name, as set on the team" },
  { name: 'team_name', description: "The team's name" },
  { name: 'customer_name', description: 'The customer\'s name when known (WhatsApp profile name), else a neutral greeting word' },
  { name: 'ticket_id', description: "The customer's ticket number, when there is one" },
  { name: 'next_open', description: "When the team opens next, in the team's time zone and language" },
  { name: 'business_hours', description: "The team's weekly opening hours" },
  { name: 'contact_page_url', description: "The team's contact page" },
];

const KINDS: readonly KindDefinition[] = [
  {
    kind: 'after_hours_text',
    group: 'messages',
    title: 'After-hours text',
    firesWhen: 'an SMS or WhatsApp message arrives outside the schedule (SMS and WhatsApp only)',
    channels: ['sms', 'whatsapp'],
    enabledByDefault: true,
    repeatWindowHours: 12,
    placeholders: [],
  },
];

const BY_KIND: ReadonlyMap<string, KindDefinition> = new Map(KINDS.map((k) => [k.kind, k]));

export function catalogueKinds(): readonly KindDefinition[] {
  return KINDS;
}

export function kindDefinition(kind: string): KindDefinition | null {
  return BY_KIND.get(kind) ?? null;
}

export function allowedPlaceholders(definition: KindDefinition): readonly PlaceholderDefinition[] {
  return [...COMMON_PLACEHOLDERS, ...definition.placeholders];
}
