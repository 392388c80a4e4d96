import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../../helpers/customers.js';
import { receiveMessage } from '../../helpers/inbound-messages.js';
import { eventually, startTestGateway, testClock, type TestGateway } from '../../helpers/test-gateway.js';

const SHOP = 'https://shop.example.com';

interface ListedTicket {
  id: string;
  number: number;
  status: string;
  customer: string;
}
interface ThreadMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  channel: string;
  body: string;
}
interface Merge {
  id: string;
  from: string;
  into: string;
  source: string;
  links: string[];
  tickets: Array<{ number: number; movedTo: number | null; messages?: number }>;
  undoneAt: string | null;
}

describe('one customer across channels: linked addresses, merges and their undoing', () => {
  let gw: TestGateway;
  let teamId: string;
  let teamNumber: string;
  let otherTeam: string;

  beforeAll(async () => {
    // Monday 23:00 in Warsaw: the team (no opening hours) is closed, and its after-hours form is on.
    gw = await startTestGateway({ clock: testClock('2026-11-30T22:00:00Z'), outbound: 'sandbox', webhookPoster: null });
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], timezone: 'Europe/Warsaw' });
    otherTeam = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ webChat: { enabled: true, allowedOrigins: [SHOP] } })
      .expect(200);
    await gw
      .api('put', `/api/teams/${teamId}/after-hours-flow`)
      .send({ enabled: true, paths: { message: true, callback: false, urgent: false, faq: false } })
      .expect(200);
  });
  afterAll(async () => {
    await gw.close();
  });

  const tickets = async (customer: string, team = teamId) =>
    (await gw.api('get', `/api/teams/${team}/tickets?customer=${encodeURIComponent(customer)}`).expect(200))
      .body as ListedTicket[];
  /** The customer's messages on the ticket's thread (the after-hours replies left out). */
  const thread = async (ticketId: string) =>
    (
      (await gw.api('get', `/api/teams/${teamId}/tickets/${ticketId}/messages?limit=200`).expect(200))
        .body as ThreadMessage[]
    ).filter((m) => m.direction === 'inbound');
  const ticket = async (ticketId: string) =>
    (await gw.api('get', `/api/teams/${teamId}/tickets/${ticketId}`).expect(200)).body as {
      status: string;
      events: Array<{ type: string } & Record<string, unknown>>;
    };
  const customerOf = async (address: string) =>
    (await gw.api('get', `/api/teams/${teamId}/customers/${encodeURIComponent(address)}`).expect(200)).body as {
      address: string;
      canonical: string;
      linked: string[];
      contact: { email: string | null };
      merges: Merge[];
    };
  async function text(from: string, body: string) {
    gw.clock.advance(5_000);
    await receiveMessage(gw, { from, to: teamNumber, body });
  }
  const merge = (from: string, into: string, team = teamId) =>
    gw.api('post', `/api/teams/${team}/customers/merge`).send({ from, into });
  /** A customer the team knows (a contact) without a message or ticket. */
  const known = (address: string) => gw.stores.contacts.lockForReply(teamId, address);

  it('an SMS customer who left their email and then writes from the web chat with it: one ticket, both messages, replies where they wrote', async () => {
    const phone = freshCustomer();
    // The after-hours form over SMS: name, email, message.
    for (const body of ['Hello?', '1', 'Anna Nowak', 'anna@example.com', 'My router blinks red.'])
      await text(phone, body);
    const [smsTicket] = await tickets(phone);
    expect(smsTicket).toBeDefined();

    // Later, from the web chat: the offline form with the same email (in other letters).
    gw.clock.advance(60_000);
    const chat = (path: string) => gw.api('post', path, '').set('Origin', SHOP);
    const v = (await chat(`/chat/${teamId}/visitors`).send({}).expect(200)).body as {
      token: string;
      visitorId: string;
    };
    const web = `web:${v.visitorId}`;
    await chat(`/chat/${teamId}/offline`)
      .set('Authorization', `Bearer ${v.token}`)
      .send({ name: 'Anna', email: 'Anna@Example.com', message: 'Any news on the router?' })
      .expect(202);
    const joined = await eventually(async () => {
      const messages = await thread(smsTicket!.id);
      return messages.some((m) => m.body === 'Any news on the router?') ? messages : undefined;
    });
    expect(joined.map((m) => [m.channel, m.body])).toEqual(
      expect.arrayContaining([
        ['sms', 'My router blinks red.'],
        ['web', 'Any news on the router?'],
      ]),
    );
    expect((await tickets(phone)).filter((t) => t.status !== 'closed')).toHaveLength(1);
    expect(await tickets(web)).toEqual([]);
    const who = await customerOf(web);
    expect(who).toMatchObject({ address: web, canonical: phone, linked: [web] });
    expect(who.merges).toEqual([
      expect.objectContaining({ from: web, into: phone, source: 'email_match', undoneAt: null }),
    ]);

    // An agent answers without naming a channel: on the web chat, where the customer last wrote.
    const reply = async (body: string, channel?: string) =>
      (
        await gw
          .api('post', `/api/teams/${teamId}/tickets/${smsTicket!.id}/messages`)
          .send({ body, ...(channel ? { channel } : {}) })
          .expect(202)
      ).body as { id: string };
    const onWeb = await reply('We are on it.');
    const row = async (id: string): Promise<Record<string, unknown>> =>
      (await gw.testDb.db('messages').where({ id }).first()) as Record<string, unknown>;
    expect(await row(onWeb.id)).toMatchObject({ channel: 'web', to_address: web, from_address: `web:${teamId}` });
    // Named SMS: to the phone, from the team number.
    const bySms = await reply('Texting you too.', 'sms');
    expect(await row(bySms.id)).toMatchObject({ channel: 'sms', to_address: phone, from_address: teamNumber });
    // They text again: the next reply goes by SMS to the phone.
    await text(phone, 'Thanks, still red.');
    const after = await reply('Try unplugging it.');
    expect(await row(after.id)).toMatchObject({ channel: 'sms', to_address: phone });
    // A channel none of their addresses takes: WhatsApp is a phone's, so it goes to the phone; none is refused only when nothing fits.
    const wa = await gw
      .api('post', `/api/teams/${teamId}/tickets/${smsTicket!.id}/messages`)
      .send({ body: 'hi', channel: 'whatsapp' });
    // WhatsApp's 24-hour window is closed for this phone: refused by the same rule as any reply.
    expect(wa.status).toBe(422);
    expect(wa.body.error.field).toBe('channel');
  });

  it('a manager merges two SMS customers: the thread moves, the next message from either joins it; undo puts back what moved', async () => {
    const a = freshCustomer();
    const b = freshCustomer();
    await text(a, 'From my work phone');
    await text(b, 'From my own phone');
    const [ta] = await tickets(a);
    const [tb] = await tickets(b);
    const res = await merge(b, a).expect(201);
    const m = res.body as Merge;
    expect(m).toMatchObject({ from: b, into: a, source: 'manual', links: [b], undoneAt: null });
    // Its thread: the customer's message and the after-hours replies to it.
    expect(m.tickets).toEqual([{ number: tb!.number, movedTo: ta!.number, messages: 3 }]);
    expect((await ticket(tb!.id)).status).toBe('closed');
    expect((await thread(ta!.id)).map((x) => x.body)).toEqual(['From my work phone', 'From my own phone']);
    expect((await ticket(ta!.id)).events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'customer_merged', movedFrom: tb!.number })]),
    );

    await text(b, 'Again from my own phone');
    await text(a, 'And from work');
    expect((await thread(ta!.id)).map((x) => x.body)).toEqual([
      'From my work phone',
      'From my own phone',
      'Again from my own phone',
      'And from work',
    ]);
    expect((await tickets(a)).filter((t) => t.status !== 'closed')).toHaveLength(1);
    expect(await customerOf(b)).toMatchObject({ canonical: a, linked: [b] });

    const undone = (await gw.api('post', `/api/teams/${teamId}/customers/merges/${m.id}/undo`).expect(200))
      .body as Merge;
    expect(undone.undoneAt).not.toBeNull();
    // What the merge moved is back; what came after it stays where it arrived.
    expect((await ticket(tb!.id)).status).toBe('open');
    expect((await thread(tb!.id)).map((x) => x.body)).toEqual(['From my own phone']);
    expect((await thread(ta!.id)).map((x) => x.body)).toEqual([
      'From my work phone',
      'Again from my own phone',
      'And from work',
    ]);
    expect((await ticket(tb!.id)).events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'customer_unmerged' })]),
    );
    expect(await customerOf(b)).toMatchObject({ canonical: b, linked: [] });
    await text(b, 'Separate again');
    expect((await thread(tb!.id)).map((x) => x.body)).toEqual(['From my own phone', 'Separate again']);
    const audit = await gw.testDb.db('audit_log').where({ team_id: teamId, subject: m.id }).orderBy('id');
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['customer.merged', 'customer.unmerged']);
  });

  it('a customer with no open ticket: the other’s ticket becomes theirs, and goes back on undo', async () => {
    const a = freshCustomer();
    const b = freshCustomer();
    await known(a);
    await text(b, 'Only this one wrote');
    const [tb] = await tickets(b);
    const m = (await merge(b, a).expect(201)).body as Merge;
    expect(m.tickets).toEqual([{ number: tb!.number, movedTo: null }]);
    expect((await tickets(a)).map((t) => t.id)).toEqual([tb!.id]);
    await text(a, 'Now this one too');
    expect((await thread(tb!.id)).map((x) => x.body)).toEqual(['Only this one wrote', 'Now this one too']);
    await gw.api('post', `/api/teams/${teamId}/customers/merges/${m.id}/undo`).expect(200);
    expect((await tickets(b)).map((t) => t.id)).toEqual([tb!.id]);
    expect(await tickets(a)).toEqual([]);
  });

  it('refuses unknown, same and already merged customers (422 with the field), stale undos, agents and other teams', async () => {
    const a = freshCustomer();
    const b = freshCustomer();
    const c = freshCustomer();
    for (const x of [a, b, c]) await known(x);
    const error = async (req: ReturnType<typeof merge>, status: number) =>
      ((await req.expect(status)).body as { error: { code: string; field: string | null } }).error;
    expect(await error(merge('+19995550000', a), 422)).toMatchObject({ code: 'unknown_customer', field: 'from' });
    expect(await error(merge(a, 'web:nobody'), 422)).toMatchObject({ code: 'unknown_customer', field: 'into' });
    expect(await error(merge(a, a), 422)).toMatchObject({ code: 'same_customer', field: 'into' });
    expect(
      (await gw.api('post', `/api/teams/${teamId}/customers/merge`).send({ from: a }).expect(400)).body.error,
    ).toMatchObject({ code: 'missing_field', field: 'into' });
    expect(
      (await gw.api('post', `/api/teams/${teamId}/customers/merge`).send({ from: a, into: b, x: 1 }).expect(400)).body
        .error.code,
    ).toBe('unknown_field');

    const ab = (await merge(a, b).expect(201)).body as Merge;
    expect(await error(merge(a, b), 422)).toMatchObject({ code: 'already_merged', field: 'from' });
    expect(await error(merge(b, a), 422)).toMatchObject({ code: 'already_merged' });
    // A merged group merges on as a whole: a (linked to b) into c takes b along.
    const bc = (await merge(a, c).expect(201)).body as Merge;
    expect(bc.links.sort()).toEqual([a, b].sort());
    expect(await customerOf(a)).toMatchObject({ canonical: c });
    // The first merge's links moved on: undo the later one first.
    const undo = (id: string, team = teamId, token?: string) =>
      gw.api('post', `/api/teams/${team}/customers/merges/${id}/undo`, token);
    expect((await undo(ab.id).expect(422)).body.error.code).toBe('merge_superseded');
    await undo(bc.id).expect(200);
    expect((await undo(bc.id).expect(422)).body.error.code).toBe('already_undone');
    expect(await customerOf(a)).toMatchObject({ canonical: b, linked: [a] });
    await undo(ab.id).expect(200);
    expect(await customerOf(a)).toMatchObject({ canonical: a, linked: [] });

    // Roles and teams.
    const token = async (team: string, role: string) =>
      ((await gw.api('post', `/api/teams/${team}/tokens`).send({ role }).expect(201)).body as { token: string }).token;
    const agent = await token(teamId, 'agent');
    expect(
      (await gw.api('post', `/api/teams/${teamId}/customers/merge`, agent).send({ from: a, into: b }).expect(403)).body
        .error.code,
    ).toBe('insufficient_role');
    await gw.api('get', `/api/teams/${teamId}/customers/${encodeURIComponent(a)}`, agent).expect(200);
    const stranger = await token(otherTeam, 'manager');
    await gw.api('post', `/api/teams/${teamId}/customers/merge`, stranger).send({ from: a, into: b }).expect(404);
    await gw.api('get', `/api/teams/${teamId}/customers/${encodeURIComponent(a)}`, stranger).expect(404);
    await undo(ab.id, otherTeam).expect(404);
    await undo(ab.id, teamId, stranger).expect(404);
    // The other team does not know this team's customers.
    expect((await merge(a, b, otherTeam).expect(422)).body.error).toMatchObject({ code: 'unknown_customer' });
    await gw.api('get', `/api/teams/${otherTeam}/customers/${encodeURIComponent(a)}`).expect(404);
  });

  it('messages from two linked addresses at the same moment never open two tickets', async () => {
    for (let round = 0; round < 5; round += 1) {
      const a = freshCustomer();
      const b = freshCustomer();
      await known(a);
      await known(b);
      await merge(b, a).expect(201);
      gw.clock.advance(5_000);
      await Promise.all([
        receiveMessage(gw, { from: a, to: teamNumber, body: `a ${round}` }),
        receiveMessage(gw, { from: b, to: teamNumber, body: `b ${round}` }),
      ]);
      const open = await tickets(a);
      expect(open).toHaveLength(1);
      expect(await tickets(b)).toEqual([]);
      expect((await thread(open[0]!.id)).map((x) => x.body).sort()).toEqual([`a ${round}`, `b ${round}`]);
    }
  });
});
