// Shared helpers for the benchmark processes (harness, load generator, stubs). Plain Node ESM.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** The harness's progress lines, on stderr so stdout carries only the report. */
export function log(...parts) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${parts.join(' ')}\n`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `v` rounded to `d` decimals; null and undefined pass through. */
export const round = (v, d) => (v === null || v === undefined ? v : Math.round(v * 10 ** d) / 10 ** d);

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one host. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

export function readFixture(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'test/fixtures/twilio', name), 'utf8'));
}

/** X-Twilio-Signature for a form POST: base64(HMAC-SHA1(token, url + sorted key+value)). */
export function twilioSignature(authToken, url, params) {
  let data = url;
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return crypto.createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The From number of inbound message `i`.
 *  - `pool`: `+1212555` + 4 digits, spread over 10,000 numbers (many customers, some repeat).
 *  - `unique`: `base` (e.g. `+1646`) + a 7-digit counter starting at 2,000,000 — one number per request,
 *    so the REST call to that number can be attributed to exactly one webhook.
 */
export function fromNumber(scheme, base, i) {
  if (scheme === 'pool') return `+1212555${String((i * 7919) % 10_000).padStart(4, '0')}`;
  if (scheme === 'unique') return `${base}${2_000_000 + i}`;
  throw new Error(`unknown from scheme ${scheme}`);
}

/** `SM` + 8 hex tag + 24 hex counter = 34 characters, unique per (tag, i). */
export function messageSid(tag, i) {
  return `SM${tag}${i.toString(16).padStart(24, '0')}`;
}

/**
 * Pre-generates signed inbound-SMS webhook requests.
 * spec: { count, sidTag, fromScheme, fromBase, authToken, publicUrl, path, to }
 * Returns [{ body: Buffer, signature, from }].
 */
export function buildInboundRequests(spec) {
  const template = readFixture('sms-inbound.json');
  const url = spec.publicUrl + spec.path;
  const out = new Array(spec.count);
  for (let i = 0; i < spec.count; i++) {
    const sid = messageSid(spec.sidTag, i);
    const from = fromNumber(spec.fromScheme, spec.fromBase, i);
    const params = {
      ...template,
      MessageSid: sid,
      SmsMessageSid: sid,
      SmsSid: sid,
      From: from,
      To: spec.to ?? template.To,
    };
    const body = Buffer.from(new URLSearchParams(params).toString());
    out[i] = { body, signature: twilioSignature(spec.authToken, url, params), from };
  }
  return out;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { count: 0, min: null, p50: null, p90: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const v of sorted) sum += v;
  const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    count: sorted.length,
    min: r(sorted[0]),
    p50: r(percentile(sorted, 50)),
    p90: r(percentile(sorted, 90)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1]),
    mean: r(sum / sorted.length),
  };
}
