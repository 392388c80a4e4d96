import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'twilio');

/** A Twilio fixture (flat object of strings), optionally with fields replaced. */
export function fixture(name: string, overrides: Record<string, string> = {}): Record<string, string> {
  const base = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, string>;
  return { ...base, ...overrides };
}

/** X-Twilio-Signature as Twilio computes it: HMAC-SHA1 over the URL and the sorted key+value pairs. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

let counter = 0;
/** A fresh, unique Twilio-style SID with the given prefix (SM, CA, …). */
export function sid(prefix = 'SM'): string {
  counter += 1;
  return (
    prefix + crypto.createHash('md5').update(`${process.pid}-${Date.now()}-${counter}-${Math.random()}`).digest('hex')
  );
}
