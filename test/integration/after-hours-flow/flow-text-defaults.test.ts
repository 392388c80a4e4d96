import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TEXT_KEYS } from '../../../src/after-hours-flow/after-hours-flow.js';
import { createUser, signIn } from '../../helpers/panel-session.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

// GET /after-hours-flow/texts: what the panel's text editor shows — each text's default in the
// team's language and the placeholders it may use — for agents as well as managers.

interface TextDefaults {
  locale: string;
  texts: { key: string; default: string; placeholders: string[] }[];
}

describe('GET /api/teams/:team/after-hours-flow/texts', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('lists every text with its default in the team’s language and its placeholders', async () => {
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()], locale: 'pl' });
    const body = (await gw.api('get', `/api/teams/${teamId}/after-hours-flow/texts`).expect(200)).body as TextDefaults;
    expect(body.locale).toBe('pl');
    expect(body.texts.map((x) => x.key)).toEqual([...FLOW_TEXT_KEYS]);
    const byKey = new Map(body.texts.map((x) => [x.key, x]));
    expect(byKey.get('askName')!.default).toBe('Jak się nazywasz?');
    expect(byKey.get('askPhone')!.placeholders).toContain('sender_number');
    expect(byKey.get('askName')!.placeholders).not.toContain('sender_number');
    expect(byKey.get('away')!.placeholders).toEqual(expect.arrayContaining(['company_name', 'next_open']));
  });

  it('gives the defaults, not the team’s own wording, and a default the PUT takes back as it is', async () => {
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await gw
      .api('put', `/api/teams/${teamId}/after-hours-flow`)
      .send({ texts: { askName: 'Your name?' } })
      .expect(200);
    const body = (await gw.api('get', `/api/teams/${teamId}/after-hours-flow/texts`).expect(200)).body as TextDefaults;
    const texts = Object.fromEntries(body.texts.map((x) => [x.key, x.default]));
    expect(texts['askName']).toBe('What is your name?');
    await gw.api('put', `/api/teams/${teamId}/after-hours-flow`).send({ texts }).expect(200);
  });

  it('lets an agent read them, and no one outside the team', async () => {
    const teamId = await gw.createTeam({ numbers: [gw.freshNumber()] });
    const other = await gw.createTeam({ numbers: [gw.freshNumber()] });
    await createUser(gw, teamId, 'flow.texts.agent@example.com', 'agent');
    const agent = await signIn(gw, 'flow.texts.agent@example.com');
    await agent.api('get', `/api/teams/${teamId}/after-hours-flow/texts`).expect(200);
    // Another team's does not exist for them.
    const refused = await agent.api('get', `/api/teams/${other}/after-hours-flow/texts`).expect(404);
    expect(refused.body.error).toMatchObject({ code: 'not_found' });
  });
});
