import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 and possible for its country (test and fictional 555-01xx numbers included). */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return false;
  return parsePhoneNumberFromString(value)?.isPossible() ?? false;
}
