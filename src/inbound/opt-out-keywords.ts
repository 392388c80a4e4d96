import type { OptOutKeyword } from '../../channels/contract.js';

// Twilio's default keyword sets; a whole message consisting of one of them is a keyword.
const KEYWORDS: Readonly<Record<string, OptOutKeyword>> = {
  STOP: 'STOP',
  STOPALL: 'STOP',
  UNSUBSCRIBE: 'STOP',
  CANCEL: 'STOP',
  END: 'STOP',
  QUIT: 'STOP',
  START: 'START',
  UNSTOP: 'START',
  HELP: 'HELP',
  INFO: 'HELP',
};

/** The keyword a message is, from the provider's flag or else from its text. */
export function keywordOf(body: string, providerKeyword: OptOutKeyword | null): OptOutKeyword | null {
  if (providerKeyword) return providerKeyword;
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  return KEYWORDS[word] ?? null;
}
