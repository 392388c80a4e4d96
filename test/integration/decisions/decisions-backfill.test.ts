import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../../migrations/index.js';
import { freshCustomer } from '../../helpers/customers.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

const migrations = { migrationSource, tableName: 'knex_migrations' };

describe('migration 0019: decisions made before the log are copied from inbound events', () => {
  let gw: TestGateway;
  let teamId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.createTeam();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('rolls back through 0019, and on the way up copies each inbound event’s autoReplies', async () => {
    const db = gw.testDb.db;
    // Down through 0019 reply_decisions, whatever migrations came after it.
    const applied = async () => (await db('knex_migrations').pluck('name')) as string[];
    while ((await applied()).includes('20261130_0019_reply_decisions')) await db.migrate.down(migrations);
    expect(await db.schema.hasTable('reply_decisions')).toBe(false);
    expect(await db.schema.hasColumn('tickets', 'group_id')).toBe(false);

    const customer = freshCustomer();
    const event = (id: string, decision: unknown, minute: number, type = 'message.inbound') => ({
      id,
      provider: 'twilio',
      type,
      team_id: teamId,
      dedupe_key: id,
      params: JSON.stringify({}),
      parsed: JSON.stringify({ from: customer }),
      status: 'processed',
      decision: decision === null ? null : JSON.stringify(decision),
      received_at: new Date('2026-11-20T10:00:00Z'),
      processed_at: new Date(Date.parse('2026-11-20T10:00:01Z') + minute * 60_000),
    });
    await db('webhook_events').insert([
      event(
        'ev-sent',
        {
          keyword: null,
          autoReplies: [{ kind: 'after_hours_text', action: 'send', reason: 'sent', messageId: 'm-1' }],
        },
        0,
      ),
      event(
        'ev-skip',
        {
          keyword: 'STOP',
          autoReplies: [{ kind: 'after_hours_text', action: 'skip', reason: 'opted_out', messageId: null }],
        },
        5,
      ),
      event('ev-none', null, 6),
      event('ev-other', { autoReplies: [{ kind: 'x', action: 'send', reason: 'sent' }] }, 7, 'message.status'),
    ]);

    await db.migrate.latest(migrations);
    const res = await gw.api('get', `/api/teams/${teamId}/decisions?customer=${encodeURIComponent(customer)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        at: '2026-11-20T10:05:01.000Z',
        customer,
        kind: 'after_hours_text',
        action: 'skip',
        reason: 'opted_out',
        ticketId: null,
        messageId: null,
        ruleId: null,
        sendAfter: null,
      },
      {
        at: '2026-11-20T10:00:01.000Z',
        customer,
        kind: 'after_hours_text',
        action: 'send',
        reason: 'sent',
        ticketId: null,
        messageId: 'm-1',
        ruleId: null,
        sendAfter: null,
      },
    ]);
  });
});
