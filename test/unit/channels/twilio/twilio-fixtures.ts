import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../fixtures/twilio/', import.meta.url);

/** Reads a Twilio fixture from test/fixtures/twilio as parsed JSON. */
export function readTwilioFixture<T = Record<string, string>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}
