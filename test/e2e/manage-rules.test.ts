import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../helpers/customers.js';
import { receiveMessage } from '../helpers/inbound-messages.js';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// The Rules tab in a real browser, signed in as a manager: a rule built from the editor's lists
// (a group picked by name), reordering by keyboard and by drag, the switch, the save with its
// version, a 422 shown on its field, a 409 that offers to reload, a recipe added with one click,
// and an agent's read-only view. The dry run needs POST /rules/dry-run (another branch of
// issue 10): its test says so in its name.

const ARTIFACTS = path.resolve('test/artifacts');
const MANAGER = 'rules.manager@example.com';
const AGENT = 'rules.agent@example.com';

interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  trigger: string;
  conditions: { field: string; op: string; value?: unknown }[];
  actions: { type: string; [param: string]: unknown }[];
}

describe('Manage > Chat: automation rules', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let teamNumber: string;
  let line1: string;
  let line2: string;
  let browser: Browser;
  let page: Page;

  const read = async () => {
    const res = await gw.api('get', `/api/teams/${teamId}/rules`).expect(200);
    return { rules: res.body as RuleView[], etag: res.headers.etag as string };
  };
  /** The rules' names as the list shows them, in order. */
  const names = async (): Promise<string[]> => {
    const inputs = page.locator('#rules-list > li.rule-row input[id$="-name"]');
    const n = await inputs.count();
    return Promise.all(Array.from({ length: n }, (_, i) => inputs.nth(i).inputValue()));
  };
  const activeId = (): Promise<string> => page.evaluate<string>("document.activeElement?.id ?? ''");
  /** A fresh load of the tab (the same URL with a hash would not load the page again). */
  async function openRules(count: number): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${served.baseUrl}/manage#rules`);
    await page.locator('#rules-status', { hasText: `${count} rule` }).waitFor();
  }
  async function save(): Promise<void> {
    await page.locator('#rules-save').focus();
    await page.keyboard.press('Enter');
    await page.locator('#rules-status', { hasText: 'Rules saved.' }).waitFor();
  }

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    served = await serveGateway(gw);
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    await createUser(gw, teamId, MANAGER, 'manager');
    await createUser(gw, teamId, AGENT, 'agent');
    line1 = (await gw.api('post', `/api/teams/${teamId}/groups`).send({ name: 'Line 1' }).expect(201)).body.id;
    line2 = (await gw.api('post', `/api/teams/${teamId}/groups`).send({ name: 'Line 2' }).expect(201)).body.id;
    await gw
      .api('put', `/api/teams/${teamId}/rules`)
      .send([
        {
          name: 'Urgent words',
          trigger: 'incoming',
          conditions: [{ field: 'body', op: 'contains', value: 'urgent' }],
          actions: [{ type: 'set_priority', value: 'urgent' }],
        },
      ])
      .expect(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, served.baseUrl, MANAGER);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await gw?.close();
  });

  it('adds a rule from the lists (a group by name), reorders by keyboard, switches one off, saves and reloads', async () => {
    const watch = watchErrors(page);
    await openRules(1);
    expect(await names()).toEqual(['Urgent words']);

    // A new rule by keyboard: the focus lands on its name.
    await page.locator('#rules-add').focus();
    await page.keyboard.press('Enter');
    expect(await activeId()).toBe('rule-1-name');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('WhatsApp to line 1');
    // If the channel is WhatsApp, assign to the group named "Line 1".
    await page.locator('#rule-1-add-condition').press('Enter');
    expect(await activeId()).toBe('rule-1-c0-field');
    const row = page.getByRole('listitem', { name: 'Rule 2: WhatsApp to line 1' });
    await row.getByLabel('Field').selectOption({ label: 'Channel' });
    await page.locator('#rule-1-c0-value').selectOption({ label: 'WhatsApp' });
    await page.locator('#rule-1-a0-type').selectOption({ label: 'Assign' });
    await page.locator('#rule-1-a0-groupId').selectOption({ label: 'Line 1' });
    expect(await page.locator('#rule-1-a0-userId').inputValue()).toBe('');

    // Alt+ArrowUp on the focused row moves it up, and the focus stays with it.
    await page.locator('#rule-1').focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await names()).toEqual(['WhatsApp to line 1', 'Urgent words']);
    expect(await activeId()).toBe('rule-0');
    await page.locator('#rules-status', { hasText: 'WhatsApp to line 1 is now number 1.' }).waitFor();
    // The switch, by keyboard.
    await page.locator('#rule-1-enabled').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#rule-1-enabled').isChecked()).toBe(false);

    await save();
    const saved = await read();
    expect(saved.rules.map((r) => [r.name, r.enabled])).toEqual([
      ['WhatsApp to line 1', true],
      ['Urgent words', false],
    ]);
    expect(saved.rules[0]).toMatchObject({
      trigger: 'incoming',
      conditions: [{ field: 'channel', op: 'is', value: 'whatsapp' }],
      actions: [{ type: 'assign', groupId: line1 }],
    });

    await page.reload();
    await page.locator('#rules-status', { hasText: '2 rules' }).waitFor();
    expect(await names()).toEqual(['WhatsApp to line 1', 'Urgent words']);
    expect(await page.locator('#rule-0-enabled').isChecked()).toBe(true);
    expect(await page.locator('#rule-1-enabled').isChecked()).toBe(false);
    expect(await page.locator('#rule-0-a0-groupId').inputValue()).toBe(line1);
    // The Move buttons too: Move down on the first rule, then back up.
    await page.locator('#rule-0-down').press('Enter');
    expect(await names()).toEqual(['Urgent words', 'WhatsApp to line 1']);
    // Now last, its Move down is disabled: the focus stays on the moved row.
    expect(await activeId()).toBe('rule-1');
    await page.locator('#rule-1-up').press('Enter');
    expect(await activeId()).toBe('rule-0');
    expect(await names()).toEqual(['WhatsApp to line 1', 'Urgent words']);
    watch.stop();
    expect(watch.errors).toEqual([]);
  });

  it('reorders by dragging a rule onto another', async () => {
    await openRules(2);
    await page.locator('#rule-1 .rule-position').dragTo(page.locator('#rule-0 .rule-position'));
    expect(await names()).toEqual(['Urgent words', 'WhatsApp to line 1']);
    await save();
    expect((await read()).rules.map((r) => r.name)).toEqual(['Urgent words', 'WhatsApp to line 1']);
  });

  it('shows a 422 on the field it names, and saves nothing', async () => {
    await openRules(2);
    const before = await read();
    // A text condition left empty: the API answers rules.1.conditions.1.value.
    await page.locator('#rule-1-add-condition').press('Enter');
    await page.locator('#rule-1-c1-field').selectOption({ label: 'Message text' });
    await page.locator('#rule-1-c1-op').selectOption({ label: 'contains' });
    await page.locator('#rules-save').press('Enter');
    await page.locator('#rules-status', { hasText: 'Not saved' }).waitFor();
    const value = page.locator('#rule-1-c1-value');
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    expect(await activeId()).toBe('rule-1-c1-value');
    const describedBy = (await value.getAttribute('aria-describedby'))!;
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/rules\.1\.conditions\.1\.value.*non-empty/);
    expect((await read()).etag).toBe(before.etag);
    // Filled in, it saves.
    await value.fill('refund');
    await save();
    expect((await read()).rules[1]!.conditions[1]).toEqual({ field: 'body', op: 'contains', value: 'refund' });
  });

  it('a save over someone else’s says so and offers to reload their version', async () => {
    await openRules(2);
    const { rules, etag } = await read();
    await gw
      .api('put', `/api/teams/${teamId}/rules`)
      .set('If-Match', etag)
      .send(rules.map((r) => ({ ...r, name: `${r.name} (theirs)` })))
      .expect(200);
    await page.locator('#rule-0-name').fill('Mine');
    await page.locator('#rules-save').press('Enter');
    await page.locator('#rules-conflict', { hasText: 'Someone else saved' }).waitFor();
    expect(await activeId()).toBe('rules-reload');
    await page.keyboard.press('Enter');
    await page.locator('#rules-status', { hasText: '2 rules' }).waitFor();
    expect(await names()).toEqual(['Urgent words (theirs)', 'WhatsApp to line 1 (theirs)']);
    expect(await page.locator('#rules-conflict').isHidden()).toBe(true);
  });

  it('adds a recipe template with one click once the lines are chosen', async () => {
    await openRules(2);
    await page.locator('#rules-template-line1').selectOption({ label: 'Line 1' });
    await page.locator('#rules-template-line2').selectOption({ label: 'Line 2' });
    const add = page.locator('.rule-template button:not([disabled])').first();
    await add.waitFor();
    // Four recipes; the fourth is built in, so it offers nothing to add.
    expect(await page.locator('.rule-template').count()).toBe(4);
    expect(await page.locator('.rule-template button').count()).toBe(3);
    expect(await page.locator('#rules-template-reactivated_chat_to_owner').textContent()).toBe('Built in');
    const title = (await add.getAttribute('aria-label'))!.replace(/^Add: /, '');
    await add.click();
    expect(await names()).toHaveLength(3);
    expect(await activeId()).toBe('rule-2');
    await save();
    const { rules } = await read();
    expect(rules).toHaveLength(3);
    const templates = (
      await gw
        .api('get', `/api/teams/${teamId}/rules/templates?line1GroupId=${line1}&line2GroupId=${line2}`)
        .expect(200)
    ).body as { title: string; rule: Omit<RuleView, 'id'> }[];
    const template = templates.find((x) => x.title === title)!;
    expect(rules[2]).toMatchObject(template.rule);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#rules-h').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-rules.png'), fullPage: true });
  });

  it('a dry run shows what the edited list would do, before a save', async () => {
    await receiveMessage(gw, { from: freshCustomer(), to: teamNumber, body: 'This is urgent', channel: 'sms' });
    await openRules(3);
    const { etag } = await read();
    // Switch "Urgent words" back on, unsaved: the dry run tries the list as edited.
    await page.locator('#rule-0-enabled').check();
    await page.locator('#rules-dry-run-button').press('Enter');
    // Either way the status says what happened; a missing endpoint shows as "Dry run failed: …".
    const status = page.locator('#rules-status', { hasText: /Tried on \d+ ticket|Dry run failed/ });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/^Tried on \d+ ticket/);
    const results = await page.locator('#rules-dry-run-results').textContent();
    expect(results).toMatch(/Urgent words \(theirs\) → Set the priority/);
    expect((await read()).etag).toBe(etag);
  });

  it('agents see the list read-only', async () => {
    const context = await browser.newContext();
    const agentPage = await context.newPage();
    try {
      await signInWithForm(agentPage, served.baseUrl, AGENT);
      await agentPage.goto(`${served.baseUrl}/manage#rules`);
      await agentPage.locator('#rules-status', { hasText: '3 rules' }).waitFor();
      expect(await agentPage.locator('#rule-0-name').isDisabled()).toBe(true);
      expect(await agentPage.locator('#rule-0-enabled').isDisabled()).toBe(true);
      for (const button of ['#rule-0-down', '#rule-1-up', '#rule-0-remove', '#rule-0-add-condition'])
        expect(await agentPage.locator(button).isDisabled()).toBe(true);
      expect(await agentPage.locator('#rules-save, #rules-add, #rules-templates').count()).toBe(0);
      expect(await agentPage.locator('#rule-0').getAttribute('draggable')).toBeNull();
    } finally {
      await context.close();
    }
  });
});
