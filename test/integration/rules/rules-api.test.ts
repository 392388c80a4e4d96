import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../helpers/audit-entry-view.js';
import { createUser } from '../../helpers/panel-session.js';
import { startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  trigger: string;
  match: string;
  conditions: unknown[];
  actions: unknown[];
  stop: boolean;
}

describe('Management API: automation rules', () => {
  let gw: TestGateway;
  let teamId: string;
  let manager: string;
  let agent: string;
  let stranger: string;
  let ann: string;
  let outsider: string;
  let line1: string;
  let foreignGroup: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock: testClock('2026-11-30T10:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    manager = await tokenFor(teamId, 'manager');
    agent = await tokenFor(teamId, 'agent');
    const otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    stranger = await tokenFor(otherTeam, 'manager');
    ann = await userIn(teamId);
    outsider = await userIn(otherTeam);
    line1 = (await gw.api('post', `/api/teams/${teamId}/groups`).send({ name: 'Line 1' }).expect(201)).body
      .id as string;
    foreignGroup = (await gw.api('post', `/api/teams/${otherTeam}/groups`).send({ name: 'Line 1' }).expect(201)).body
      .id as string;
  });
  afterAll(async () => {
    await gw.close();
  });

  async function tokenFor(id: string, role: 'manager' | 'agent'): Promise<string> {
    return (await gw.api('post', `/api/teams/${id}/tokens`).send({ role }).expect(201)).body.token as string;
  }
  const userIn = (team: string) =>
    createUser(gw, team, `user-${Math.random().toString(36).slice(2)}@example.com`, 'agent');
  const read = async (token = agent) => {
    const res = await gw.api('get', `/api/teams/${teamId}/rules`, token).expect(200);
    return { rules: res.body as RuleView[], etag: res.headers.etag as string };
  };
  const put = (body: unknown, etag: string | null, token = manager) => {
    const req = gw.api('put', `/api/teams/${teamId}/rules`, token);
    if (etag !== null) void req.set('If-Match', etag);
    return req.send(body as object);
  };
  const rule = (overrides: Record<string, unknown> = {}) => ({
    name: 'Urgent words',
    trigger: 'incoming',
    conditions: [{ field: 'body', op: 'contains', value: 'urgent' }],
    actions: [{ type: 'set_priority', value: 'urgent' }],
    ...overrides,
  });

  it('starts empty at version 0; a manager saves the ordered list, which gets ids and defaults', async () => {
    const first = await read();
    expect(first).toEqual({ rules: [], etag: '"0"' });
    const res = await put(
      [
        rule(),
        rule({
          name: 'Line 2 writes: back to line 1',
          trigger: 'changed',
          match: 'any',
          conditions: [
            { field: 'author', op: 'is', value: 'agent' },
            { field: 'assignee', op: 'in', value: [ann] },
            { field: 'tags', op: 'is_set' },
          ],
          actions: [
            { type: 'complete_chat' },
            { type: 'assign', userId: ann, groupId: line1 },
            { type: 'send_message', body: 'Thanks, {{customer_name}}: ticket {{ticket_id}}' },
            { type: 'send_reply', kind: 'missed_call' },
            { type: 'notify', emails: ['boss@example.com'], webhook: true },
          ],
          stop: true,
          enabled: false,
        }),
      ],
      first.etag,
    ).expect(200);
    expect(res.headers.etag).toBe('"1"');
    const saved = res.body as RuleView[];
    expect(saved.map((r) => [r.name, r.enabled, r.match, r.stop])).toEqual([
      ['Urgent words', true, 'all', false],
      ['Line 2 writes: back to line 1', false, 'any', true],
    ]);
    expect(saved.every((r) => typeof r.id === 'string' && r.id.length > 0)).toBe(true);
    expect(await read()).toEqual({ rules: saved, etag: '"1"' });
  });

  it('keeps the ids of saved rules in their new order, and gives new rules new ids', async () => {
    const { rules, etag } = await read();
    const [a, b] = rules;
    const res = await put([b, rule({ name: 'New one' }), a], etag).expect(200);
    const saved = res.body as RuleView[];
    expect(saved.map((r) => r.id).filter((id) => id === a!.id || id === b!.id)).toEqual([b!.id, a!.id]);
    expect(saved[1]!.id).not.toBe(a!.id);
    expect(saved[1]!.name).toBe('New one');
  });

  it('refuses with 409 a save that carries no version, or an older one, once someone else saved', async () => {
    const { rules, etag } = await read(manager);
    // Two managers read the same version; the first saves, the second is refused.
    await put(rules.slice(0, 1), etag).expect(200);
    const late = await put(rules, etag).expect(409);
    expect(late.body.error.code).toBe('version_conflict');
    const blind = await put(rules, null).expect(409);
    expect(blind.body.error.code).toBe('version_required');
    expect((await read()).rules).toHaveLength(1);
  });

  it('two saves racing on the same version: exactly one wins', async () => {
    const { rules, etag } = await read(manager);
    const results = await Promise.all([put(rules, etag), put([...rules, rule()], etag)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses an If-Match that is not a version with 400', async () => {
    const res = await put([], 'yesterday').expect(400);
    expect(res.body.error.field).toBe('If-Match');
  });

  it('audits each save with the list before and after', async () => {
    const entries = (await gw.api('get', `/api/teams/${teamId}/audit?limit=500`).expect(200)).body as AuditEntryView[];
    const saves = entries.filter((e) => e.action === 'rules.updated');
    expect(saves.length).toBeGreaterThanOrEqual(3);
    expect(saves[0]!.actor).toMatch(/^manager:/);
  });

  it('agents read but do not edit; another team sees nothing', async () => {
    const { etag } = await read();
    expect((await put([], etag, agent).expect(403)).body.error.code).toBeTruthy();
    await gw.api('get', `/api/teams/${teamId}/rules`, stranger).expect(404);
    await put([], etag, stranger).expect(404);
  });

  it('serves the vocabulary an editor needs: every field with its operators, every action the save accepts', async () => {
    const res = await gw.api('get', `/api/teams/${teamId}/rules/vocabulary`, agent).expect(200);
    const vocabulary = res.body as {
      triggers: string[];
      fields: { field: string; ops: string[]; value: { kind: string; values?: string[] } }[];
      actions: { type: string; params: Record<string, { kind: string }> }[];
    };
    expect(vocabulary.triggers).toEqual(['incoming', 'changed']);
    expect(vocabulary.fields.find((f) => f.field === 'group')).toEqual({
      field: 'group',
      ops: ['is', 'is_not', 'in', 'not_in', 'is_set', 'is_not_set'],
      value: { kind: 'group' },
    });
    expect(vocabulary.fields.find((f) => f.field === 'status')?.value.values).toContain('open');
    expect(vocabulary.actions.find((a) => a.type === 'assign')?.params).toEqual({
      userId: { kind: 'user' },
      groupId: { kind: 'group' },
    });
    // Every field and operator it lists is one the save accepts, and every action type too.
    const before = await read();
    for (const f of vocabulary.fields) {
      const value = f.value.kind === 'flag' ? true : f.value.kind === 'enum' ? f.value.values![0] : undefined;
      const op = value === undefined ? 'is_set' : 'is';
      if (!f.ops.includes(op)) continue;
      const saved = await put([rule({ conditions: [{ field: f.field, op, value }] })], before.etag, manager);
      expect({ field: f.field, error: saved.body.error ?? null }).toEqual({ field: f.field, error: null });
      before.etag = saved.headers.etag as string;
    }
    expect(vocabulary.actions.map((a) => a.type).sort()).toEqual([
      'add_tags',
      'assign',
      'complete_chat',
      'notify',
      'remove_tags',
      'send_message',
      'send_reply',
      'set_priority',
      'set_status',
    ]);
    await gw.api('get', `/api/teams/${teamId}/rules/vocabulary`, stranger).expect(404);
  });

  describe('bad input: 422 naming the path, nothing saved', () => {
    const cases: Array<[string, () => unknown, string, string?]> = [
      ['a body that is not a list', () => ({ rules: [] }), 'rules'],
      ['an unknown field on a rule', () => [rule(), rule({ colour: 'red' })], 'rules.1.colour', 'unknown_field'],
      [
        'an unknown condition field',
        () => [rule({ conditions: [{ field: 'weather', op: 'is', value: 'sunny' }] })],
        'rules.0.conditions.0.field',
      ],
      [
        'an unknown operator',
        () => [rule({ conditions: [{ field: 'status', op: 'like', value: 'open' }] })],
        'rules.0.conditions.0.op',
      ],
      [
        'an operator the field does not take',
        () => [rule({ conditions: [{ field: 'status', op: 'contains', value: 'open' }] })],
        'rules.0.conditions.0.op',
      ],
      [
        'a status that does not exist',
        () => [rule({ conditions: [{ field: 'status', op: 'is', value: 'snoozed' }] })],
        'rules.0.conditions.0.value',
      ],
      [
        'a list value for is',
        () => [rule({ conditions: [{ field: 'priority', op: 'is', value: ['high'] }] })],
        'rules.0.conditions.0.value',
      ],
      [
        'a text for in',
        () => [rule({ conditions: [{ field: 'priority', op: 'in', value: 'high' }] })],
        'rules.0.conditions.0.value',
      ],
      [
        'a value for is_set',
        () => [rule({ conditions: [{ field: 'tags', op: 'is_set', value: 'x' }] })],
        'rules.0.conditions.0.value',
      ],
      [
        'a text for a flag',
        () => [rule({ conditions: [{ field: 'open_hours', op: 'is', value: 'yes' }] })],
        'rules.0.conditions.0.value',
      ],
      ['an unknown action', () => [rule({ actions: [{ type: 'explode' }] })], 'rules.0.actions.0.type'],
      [
        'an unknown field on an action',
        () => [rule({ actions: [{ type: 'complete_chat', now: true }] })],
        'rules.0.actions.0.now',
        'unknown_field',
      ],
      [
        'a priority of the wrong type',
        () => [rule({ actions: [{ type: 'set_priority', value: 3 }] })],
        'rules.0.actions.0.value',
      ],
      ['a rule without actions', () => [rule({ actions: [] })], 'rules.0.actions'],
      ['an unknown trigger', () => [rule({ trigger: 'sometimes' })], 'rules.0.trigger'],
      ['enabled of the wrong type', () => [rule({ enabled: 'yes' })], 'rules.0.enabled', 'invalid_type'],
      ['a missing name', () => [rule({ name: undefined })], 'rules.0.name', 'missing_field'],
      [
        'a catalogue kind that does not exist',
        () => [rule({ actions: [{ type: 'send_reply', kind: 'hello' }] })],
        'rules.0.actions.0.kind',
      ],
      [
        'a message with an unknown placeholder',
        () => [rule({ actions: [{ type: 'send_message', body: 'Hi {{ nickname }}' }] })],
        'rules.0.actions.0.body',
      ],
      ['assign without a user or group', () => [rule({ actions: [{ type: 'assign' }] })], 'rules.0.actions.0'],
      ['notify without a target', () => [rule({ actions: [{ type: 'notify' }] })], 'rules.0.actions.0'],
      [
        'a bad email to notify',
        () => [rule({ actions: [{ type: 'notify', emails: ['not-an-email'] }] })],
        'rules.0.actions.0.emails.0',
      ],
      ['more than 500 rules', () => Array.from({ length: 501 }, () => rule()), 'rules'],
      [
        'an assignee of another team',
        () => [rule(), rule(), rule(), rule({ actions: [{ type: 'assign', userId: outsider }] })],
        'rules.3.actions.0.userId',
        'unknown_user',
      ],
      [
        'a group of another team',
        () => [rule(), rule(), rule(), rule({ actions: [{ type: 'assign', groupId: foreignGroup }] })],
        'rules.3.actions.0.groupId',
        'unknown_group',
      ],
      [
        'a condition on a group of another team',
        () => [rule({ conditions: [{ field: 'author_group', op: 'in', value: [line1, foreignGroup] }] })],
        'rules.0.conditions.0.value.1',
        'unknown_group',
      ],
      ['an id that is not a saved rule', () => [rule({ id: 'made-up' })], 'rules.0.id', 'unknown_rule'],
    ];

    it.each(cases)('%s', async (_name, body, field, code) => {
      const before = await read();
      const res = await put(body(), before.etag).expect(422);
      expect(res.body.error.field).toBe(field);
      if (code) expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toContain(field === 'rules' ? 'rules' : field.split('.').pop()!);
      expect(await read()).toEqual(before);
    });

    it('a rule listed twice', async () => {
      const before = await read();
      const res = await put([before.rules[0], before.rules[0]], before.etag).expect(422);
      expect(res.body.error).toMatchObject({ code: 'duplicate_rule', field: 'rules.1.id' });
    });
  });
});
