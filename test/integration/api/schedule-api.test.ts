import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const valid = {
  timezone: 'America/New_York',
  weekly: {
    mon: [
      ['08:00', '12:00'],
      ['13:00', '17:30'],
    ],
    fri: [
      ['09:00', '12:00'],
      ['22:00', '06:00'],
    ],
    sat: [['20:00', '24:00']],
    sun: [],
  },
  exceptions: [
    { date: '2026-12-24', hours: [['09:00', '13:00']] },
    { date: '2026-12-25', closed: true },
  ],
};

describe('Management API: schedule', () => {
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    teamId = await newTeam('Asia/Tokyo');
  });
  afterAll(async () => {
    await gw.close();
  });

  /** A team created through the API only (no schedule PUT), so it keeps its default schedule. */
  const newTeam = (timezone = 'Europe/Warsaw'): Promise<string> => gw.newTeam({ timezone });
  const tokenFor = async (id: string, role: 'manager' | 'agent'): Promise<string> =>
    (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;

  it('gives a new team Mon–Fri 09:00–17:00 in the team time zone', async () => {
    const id = await newTeam('Europe/Warsaw');
    const res = await gw.api('get', `/api/teams/${id}/schedule`);
    expect(res.status).toBe(200);
    const office = [['09:00', '17:00']];
    expect(res.body).toEqual({
      timezone: 'Europe/Warsaw',
      weekly: { mon: office, tue: office, wed: office, thu: office, fri: office },
      exceptions: [],
    });
    const tokyo = await gw.api('get', `/api/teams/${teamId}/schedule`).expect(200);
    expect(tokyo.body.timezone).toBe('Asia/Tokyo');
  });

  it('saves a valid schedule (overnight window, exceptions) and GET returns it', async () => {
    const id = await newTeam();
    const put = await gw.api('put', `/api/teams/${id}/schedule`).send(valid);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(valid);
    const get = await gw.api('get', `/api/teams/${id}/schedule`).expect(200);
    expect(get.body).toEqual(valid);
  });

  it('replaces the whole schedule on PUT and fills in missing exceptions', async () => {
    const id = await newTeam();
    await gw.api('put', `/api/teams/${id}/schedule`).send(valid).expect(200);
    const put = await gw
      .api('put', `/api/teams/${id}/schedule`)
      .send({ timezone: 'UTC', weekly: { tue: [['00:00', '24:00']] } });
    expect(put.status).toBe(200);
    const get = await gw.api('get', `/api/teams/${id}/schedule`).expect(200);
    expect(get.body).toEqual({ timezone: 'UTC', weekly: { tue: [['00:00', '24:00']] }, exceptions: [] });
  });

  it('a manager may PUT; an agent may GET but PUT answers 403 and changes nothing', async () => {
    const id = await newTeam();
    const manager = await tokenFor(id, 'manager');
    const agent = await tokenFor(id, 'agent');
    await gw.api('put', `/api/teams/${id}/schedule`, manager).send(valid).expect(200);
    const read = await gw.api('get', `/api/teams/${id}/schedule`, agent);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(valid);
    const res = await gw.api('put', `/api/teams/${id}/schedule`, agent).send({ timezone: 'UTC', weekly: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('insufficient_role');
    expect((await gw.api('get', `/api/teams/${id}/schedule`).expect(200)).body).toEqual(valid);
  });

  it("answers 404 to another team's token, for GET and PUT, and leaves the schedule alone", async () => {
    const other = await newTeam();
    const manager = await tokenFor(other, 'manager');
    const before = (await gw.api('get', `/api/teams/${teamId}/schedule`).expect(200)).body;
    const get = await gw.api('get', `/api/teams/${teamId}/schedule`, manager);
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe('not_found');
    const put = await gw.api('put', `/api/teams/${teamId}/schedule`, manager).send({ timezone: 'UTC', weekly: {} });
    expect(put.status).toBe(404);
    expect((await gw.api('get', `/api/teams/${teamId}/schedule`).expect(200)).body).toEqual(before);
  });

  it('answers 404 for a team that does not exist', async () => {
    await gw.api('get', '/api/teams/no-such-team/schedule').expect(404);
    await gw.api('put', '/api/teams/no-such-team/schedule').send({ timezone: 'UTC', weekly: {} }).expect(404);
  });

  it('answers 401 without a token', async () => {
    await request(gw.app).get(`/api/teams/${teamId}/schedule`).expect(401);
  });

  const weekly = (days: unknown) => ({ timezone: 'Europe/Warsaw', weekly: days });
  const exceptions = (list: unknown) => ({ timezone: 'Europe/Warsaw', weekly: {}, exceptions: list });

  describe('well-formed but wrong → 422 naming the field', () => {
    it.each([
      ['an end hour of 25:00', weekly({ mon: [['09:00', '25:00']] }), 'weekly.mon.0.1', '"25:00" is not a time of day'],
      [
        'a start hour of 25:00',
        weekly({ tue: [['25:00', '17:00']] }),
        'weekly.tue.0.0',
        '"25:00" is not a time of day',
      ],
      ['a one-digit hour', weekly({ wed: [['9:00', '17:00']] }), 'weekly.wed.0.0', 'write "09:00"'],
      ['24:00 as a start', weekly({ sat: [['24:00', '06:00']] }), 'weekly.sat.0.0', '"24:00" can only end an interval'],
      [
        'an unknown time zone',
        { timezone: 'Mars/Base', weekly: {} },
        'timezone',
        '"Mars/Base" is not a known IANA time zone',
      ],
      [
        'overlapping intervals',
        weekly({
          mon: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        }),
        'weekly.mon.1',
        'overlaps',
      ],
      [
        'unordered intervals',
        weekly({
          thu: [
            ['13:00', '17:00'],
            ['09:00', '12:00'],
          ],
        }),
        'weekly.thu.1',
        'list intervals in order of start time',
      ],
      [
        'an overnight window that is not last',
        weekly({
          fri: [
            ['22:00', '02:00'],
            ['23:00', '23:30'],
          ],
        }),
        'weekly.fri.0',
        'must be the last interval',
      ],
      ['an empty interval', weekly({ mon: [['09:00', '09:00']] }), 'weekly.mon.0.1', 'starts and ends at "09:00"'],
      [
        'a date that does not exist',
        exceptions([{ date: '2026-02-30', closed: true }]),
        'exceptions.0.date',
        'February 2026 has 28 days',
      ],
      [
        'a date not in YYYY-MM-DD',
        exceptions([{ date: '25.12.2026', closed: true }]),
        'exceptions.0.date',
        'use YYYY-MM-DD',
      ],
      [
        'the same exception date twice',
        exceptions([
          { date: '2026-12-25', closed: true },
          { date: '2026-12-25', hours: [['10:00', '12:00']] },
        ]),
        'exceptions.1.date',
        'keep a single entry per date',
      ],
      [
        'an exception with neither closed nor hours',
        exceptions([{ date: '2026-12-25' }]),
        'exceptions.0',
        'one of them is required',
      ],
      [
        'an exception with both closed and hours',
        exceptions([{ date: '2026-12-25', closed: true, hours: [] }]),
        'exceptions.0',
        'not both',
      ],
      [
        'closed: false',
        exceptions([{ date: '2026-12-25', closed: false }]),
        'exceptions.0.closed',
        '"closed" can only be true',
      ],
      [
        'bad hours inside an exception',
        exceptions([{ date: '2026-12-24', hours: [['18:00', '24:30']] }]),
        'exceptions.0.hours.0.1',
        '"24:30" is not a time of day',
      ],
    ])('%s', async (_name, body, field, messagePart) => {
      const res = await gw.api('put', `/api/teams/${teamId}/schedule`).send(body);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_value');
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toContain(messagePart);
      expect((res.body.error.message as string).startsWith(`${field}: `)).toBe(true);
    });
  });

  describe('malformed → 400', () => {
    it.each([
      ['a time that is a number', weekly({ mon: [[9, '17:00']] }), 'invalid_type', 'weekly.mon.0.0'],
      ['a day that is a string', weekly({ mon: '09:00-17:00' }), 'invalid_type', 'weekly.mon'],
      ['weekly as a list', weekly([['09:00', '17:00']]), 'invalid_type', 'weekly'],
      ['exceptions that is an object', exceptions({ date: '2026-12-25', closed: true }), 'invalid_type', 'exceptions'],
      ['a date that is a number', exceptions([{ date: 20261225, closed: true }]), 'invalid_type', 'exceptions.0.date'],
      ['a time zone that is a number', { timezone: 1, weekly: {} }, 'invalid_type', 'timezone'],
      ['a missing time zone', { weekly: {} }, 'missing_field', 'timezone'],
      ['a missing weekly', { timezone: 'UTC' }, 'missing_field', 'weekly'],
      ['an unknown day key', weekly({ monday: [['09:00', '17:00']] }), 'unknown_field', 'weekly.monday'],
      ['an unknown top-level key', { timezone: 'UTC', weekly: {}, holidays: [] }, 'unknown_field', 'holidays'],
      [
        'an unknown key in an exception',
        exceptions([{ date: '2026-12-25', closed: true, note: 'xmas' }]),
        'unknown_field',
        'exceptions.0.note',
      ],
    ])('%s', async (_name, body, code, field) => {
      const res = await gw.api('put', `/api/teams/${teamId}/schedule`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.field).toBe(field);
    });

    it('answers 400 malformed_json to a body that is not JSON', async () => {
      const res = await gw
        .api('put', `/api/teams/${teamId}/schedule`)
        .set('Content-Type', 'application/json')
        .send('{"timezone": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('malformed_json');
    });

    it('leaves the saved schedule unchanged after rejected PUTs', async () => {
      const id = await newTeam();
      await gw.api('put', `/api/teams/${id}/schedule`).send(valid).expect(200);
      await gw
        .api('put', `/api/teams/${id}/schedule`)
        .send(weekly({ mon: [['09:00', '25:00']] }))
        .expect(422);
      await gw
        .api('put', `/api/teams/${id}/schedule`)
        .send(weekly({ mon: 'always' }))
        .expect(400);
      expect((await gw.api('get', `/api/teams/${id}/schedule`).expect(200)).body).toEqual(valid);
    });
  });
});
