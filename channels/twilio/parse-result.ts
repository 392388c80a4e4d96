import type { ParseResult, UnusableReason } from '../contract.js';

/** A failed ParseResult: the reason is stored with the quarantined event, the detail shown to people. */
export function unusable(reason: UnusableReason, detail: string): ParseResult<never> {
  return { ok: false, reason, detail };
}
