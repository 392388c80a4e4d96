import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RebasedRequestClient,
  type RestExceptionWithHeaders,
} from '../../../../channels/twilio/rebased-request-client.js';

const BASE_URL = 'http://twilio.test';

// Explicit Content-Length: nock 14 hangs on keep-alive requests without it (nock#3001).
function replyOk(scope: nock.Interceptor, headers: Record<string, string> = {}): nock.Scope {
  return scope.reply(200, '{}', { 'Content-Type': 'application/json', 'Content-Length': '2', ...headers });
}

beforeEach(() => nock.disableNetConnect());

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

describe('RebasedRequestClient', () => {
  const client = new RebasedRequestClient(BASE_URL, 2_000);

  it.each([
    ['https://api.twilio.com/2010-04-01/Accounts.json', '/2010-04-01/Accounts.json'],
    ['https://api.twilio.com:443/2010-04-01/Accounts.json', '/2010-04-01/Accounts.json'],
    ['https://api.dublin.ie1.twilio.com/2010-04-01/Accounts.json', '/2010-04-01/Accounts.json'],
  ])('sends %s to the base URL', async (uri, path) => {
    replyOk(nock(BASE_URL).get(path));
    const response = await client.request({ method: 'get', uri });
    expect(response.statusCode).toBe(200);
  });

  it('leaves other Twilio products alone', async () => {
    replyOk(nock('https://messaging.twilio.com').get('/v1/Services'));
    const response = await client.request({ method: 'get', uri: 'https://messaging.twilio.com/v1/Services' });
    expect(response.statusCode).toBe(200);
  });

  it('does not rebase a look-alike host', async () => {
    replyOk(nock('https://api.twilio.com.example.net').get('/x'));
    const response = await client.request({ method: 'get', uri: 'https://api.twilio.com.example.net/x' });
    expect(response.statusCode).toBe(200);
  });

  it('throws an error status as RestException with the response headers', async () => {
    const body = '{"code":20429,"message":"Too Many Requests"}';
    nock(BASE_URL)
      .get('/x')
      .reply(429, body, { 'Content-Length': String(body.length), 'Retry-After': '3' });
    const error = (await client
      .request({ method: 'get', uri: 'https://api.twilio.com/x' })
      .catch((e: unknown) => e)) as RestExceptionWithHeaders;
    expect(error.status).toBe(429);
    expect(error.code).toBe(20429);
    expect(error.headers['retry-after']).toBe('3');
  });
});
