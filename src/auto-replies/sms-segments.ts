export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  readonly encoding: SmsEncoding;
  /** How many SMS parts a carrier bills (0 for an empty text). */
  readonly segments: number;
  /** Unicode code points: what a person counts (an emoji is one). */
  readonly characters: number;
  /** Septets for GSM-7 (an extension character takes 2), UTF-16 code units for UCS-2 (an emoji takes 2). */
  readonly units: number;
  /** The units one part holds: 160/153 (GSM-7) or 70/67 (UCS-2), by whether the text is split. */
  readonly unitsPerSegment: number;
}

// GSM 03.38 default alphabet (ESC at 0x1B left out: it is not a character of its own).
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
// The extension table: each is sent as ESC + char, so it costs 2 septets.
const GSM_EXTENSION = new Set(Array.from('\f^{}\\[~]|€'));

const LIMITS: Readonly<Record<SmsEncoding, { readonly single: number; readonly multi: number }>> = {
  // A split message spends 6 bytes per part on the concatenation header: 7 septets / 3 UCS-2 units.
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

/** How a text goes over SMS: encoding, parts and characters, the way carriers count them. */
export function measureSms(text: string): SmsMeasure {
  const codePoints = Array.from(text);
  const gsm = codePoints.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // Each code point is one indivisible unit of cost: ESC+char, or a surrogate pair, never splits.
  const costs = codePoints.map((c) => (gsm ? (GSM_EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, multi } = LIMITS[encoding];
  if (units <= single) {
    return { encoding, segments: units === 0 ? 0 : 1, characters: codePoints.length, units, unitsPerSegment: single };
  }
  return { encoding, segments: countParts(costs, multi), characters: codePoints.length, units, unitsPerSegment: multi };
}

/** Packs the costs greedily into parts of `capacity`; a unit that does not fit starts the next part. */
function countParts(costs: readonly number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}
