import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../../channels/contract.js';
import { createTwilioSignatureVerifier } from '../../../../channels/twilio/signature.js';
import { readTwilioFixture } from './twilio-fixtures.js';

interface SignatureVectors {
  formVectors: Array<{
    fixture: string;
    url: string;
    authToken: string;
    expectedSignature: string;
    expectedSignatureIfUrlHasExplicitPort443: string;
  }>;
  jsonBodyVector: { url: string; authToken: string; expectedSignature: string; rawBody: string };
  negativeVectors: Array<{ why: string; url: string; fixture: string; authToken: string; headerSentByTwilio: string }>;
}

const vectors = readTwilioFixture<SignatureVectors>('signature-vectors.json');

function signedRequest(url: string, params: Record<string, string>, signature?: string): WebhookRequest {
  return { url, params, headers: signature === undefined ? {} : { 'x-twilio-signature': signature } };
}

/** The same params with one value changed: the first non-empty one gets an extra character. */
function tampered(params: Record<string, string>): Record<string, string> {
  const [key, value] = Object.entries(params).find(([, v]) => v !== '') ?? [];
  if (key === undefined) throw new Error('fixture has no value to tamper with');
  return { ...params, [key]: `${value}x` };
}

describe('createTwilioSignatureVerifier', () => {
  describe.each(vectors.formVectors)('$fixture', (vector) => {
    const params = readTwilioFixture(vector.fixture);
    const verifier = createTwilioSignatureVerifier(vector.authToken);

    it('accepts the signature Twilio sent', () => {
      expect(verifier.verify(signedRequest(vector.url, params, vector.expectedSignature))).toBe(true);
    });

    it('accepts the signature computed over the URL with an explicit :443', () => {
      expect(verifier.verify(signedRequest(vector.url, params, vector.expectedSignatureIfUrlHasExplicitPort443))).toBe(
        true,
      );
    });

    it('rejects the tampered twin (one param value changed)', () => {
      expect(verifier.verify(signedRequest(vector.url, tampered(params), vector.expectedSignature))).toBe(false);
    });

    it('rejects an added param', () => {
      expect(verifier.verify(signedRequest(vector.url, { ...params, Injected: '1' }, vector.expectedSignature))).toBe(
        false,
      );
    });

    it('rejects the signature under another auth token', () => {
      const otherVerifier = createTwilioSignatureVerifier('0123456789abcdef0123456789abcdef');
      expect(otherVerifier.verify(signedRequest(vector.url, params, vector.expectedSignature))).toBe(false);
    });
  });

  it.each(vectors.negativeVectors)('rejects: $why', (vector) => {
    const verifier = createTwilioSignatureVerifier(vector.authToken);
    const params = readTwilioFixture(vector.fixture);
    expect(verifier.verify(signedRequest(vector.url, params, vector.headerSentByTwilio))).toBe(false);
  });

  const [first] = vectors.formVectors;
  if (!first) throw new Error('signature-vectors.json has no form vectors');
  const firstParams = readTwilioFixture(first.fixture);
  const verifier = createTwilioSignatureVerifier(first.authToken);

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a truncated signature', first.expectedSignature.slice(0, -2)],
    ['garbage', 'not-base64-at-all'],
  ])('rejects %s', (_label, signature) => {
    expect(verifier.verify(signedRequest(first.url, firstParams, signature))).toBe(false);
  });

  it('rejects an unparsable URL instead of throwing', () => {
    expect(verifier.verify(signedRequest('not a url', firstParams, first.expectedSignature))).toBe(false);
  });

  it('rejects a JSON-body (bodySHA256) webhook even with a valid URL signature: the body cannot be checked', () => {
    const json = vectors.jsonBodyVector;
    expect(twilio.validateRequestWithBody(json.authToken, json.expectedSignature, json.url, json.rawBody)).toBe(true);
    const jsonVerifier = createTwilioSignatureVerifier(json.authToken);
    expect(jsonVerifier.verify(signedRequest(json.url, {}, json.expectedSignature))).toBe(false);
  });
});
