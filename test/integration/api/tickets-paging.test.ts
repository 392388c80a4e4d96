import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallDriver } from '../../helpers/call-driver.js';
import { eventually, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('GET /api/teams/:team/tickets paging', () => {
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox' });
    const number = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [number], open: true });
    // Five missed calls from five customers at the same instant (the test clock stands still).
    for (let i = 0; i < 5; i += 1) {
      const call = new CallDriver(gw, { id: teamId, number }, `+1212555${String(700 + i).padStart(4, '0')}`);
      await call.incoming();
      await call.hangUp();
    }
    await eventually(async () => {
      const list = (await gw.api('get', `/api/teams/${teamId}/tickets`).expect(200)).body as unknown[];
      return list.length === 5 ? list : null;
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('pages by number, newest first, without skipping tickets created at the same instant', async () => {
    const seen: number[] = [];
    let beforeNumber: number | null = null;
    for (let page = 0; page < 4; page += 1) {
      const query: string = beforeNumber === null ? 'limit=2' : `limit=2&beforeNumber=${beforeNumber}`;
      const list = (await gw.api('get', `/api/teams/${teamId}/tickets?${query}`).expect(200)).body as Array<{
        number: number;
        createdAt: string;
      }>;
      if (list.length === 0) break;
      seen.push(...list.map((t) => t.number));
      beforeNumber = list.at(-1)!.number;
    }
    expect(seen).toHaveLength(5);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(5);
  });

  it.each([['beforeNumber=0'], ['beforeNumber=x'], ['limit=0'], ['limit=201'], ['status=lost'], ['source=fax']])(
    '%s → an error naming the field',
    async (query) => {
      const res = await gw.api('get', `/api/teams/${teamId}/tickets?${query}`);
      expect([400, 422]).toContain(res.status);
      expect(res.body.error.field).toBe(query.split('=')[0]);
    },
  );
});
