import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { createUser, PASSWORD } from '../integration/sessions/panel-session.js';

// Debian's Chromium; CI installs it (.ci/run). A missing browser fails the test: it is never skipped.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');
const MANAGER = 'e2e.manager@example.com';

interface ReplyView {
  kind: string;
  enabled: boolean;
  body: string;
}

describe('Manage > Chat panel in a real browser', () => {
  let gw: TestGateway;
  let server: http.Server;
  let baseUrl: string;
  let teamId: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (CI does this in .ci/run)`);
    }
    gw = await startTestGateway({ outbound: 'sandbox' });
    server = http.createServer(gw.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The sign-in form accepts the Origin of the host it was served from, so any free port works.
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    teamId = await gw.createTeam({ numbers: ['+14155558801'] });
    await createUser(gw, teamId, MANAGER, 'manager');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await gw?.close();
  });

  const reply = async (kind: string): Promise<ReplyView> => {
    const res = await gw.api('get', `/api/teams/${teamId}/auto-replies`).expect(200);
    return (res.body as ReplyView[]).find((r) => r.kind === kind)!;
  };
  // Strings, not functions: the tests are type-checked without the DOM library.
  const activeId = (): Promise<string> => page.evaluate<string>("document.activeElement?.id ?? ''");
  const activeLabel = (): Promise<string | null> => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null");

  it('signs in, switches a reply off with the keyboard, edits a text with a placeholder chip and shows inline errors', async () => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      // A 422 answer is part of the test (the browser logs it); anything else is a bug.
      if (msg.type() === 'error' && !/status of 422/.test(msg.text())) errors.push(msg.text());
    });

    // Sign in: /manage sends us to the form, the form back to /manage.
    await page.goto(`${baseUrl}/manage`);
    expect(new URL(page.url()).pathname).toBe('/manage/login');
    await page.getByLabel('Email').fill(MANAGER);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${baseUrl}/manage`), page.getByRole('button', { name: 'Sign in' }).click()]);

    // The three groups of cards, with every reply's switch.
    await page.locator('#enabled-after_hours_text').waitFor();
    for (const group of ['Calls', 'Messages', 'Requests']) await page.getByRole('heading', { level: 2, name: group }).waitFor();
    expect(await page.getByRole('switch').count()).toBe(14);

    // Keyboard only: Tab from the card above (its Edit button) lands on the switch; Space turns it off and saves.
    const afterHours = page.getByRole('switch', { name: 'Send “Text after hours”' });
    expect(await afterHours.isChecked()).toBe(true);
    await page.locator('#edit-first_message').focus();
    await page.keyboard.press('Tab');
    expect(await activeId()).toBe('enabled-after_hours_text');
    const switched = page.waitForResponse((r) => r.url().endsWith('/auto-replies/after_hours_text') && r.request().method() === 'PUT');
    await page.keyboard.press('Space');
    expect((await switched).status()).toBe(200);
    await page.locator('#enabled-status-after_hours_text', { hasText: '“Text after hours” is off' }).waitFor();
    expect(await afterHours.isChecked()).toBe(false);
    expect((await reply('after_hours_text')).enabled).toBe(false);

    // Edit "Missed call": the disclosure opens the editor and the preview shows the saved text.
    const edit = page.locator('#edit-missed_call');
    expect(await edit.getAttribute('aria-expanded')).toBe('false');
    await edit.press('Enter');
    expect(await edit.getAttribute('aria-expanded')).toBe('true');
    const body = page.getByLabel('Message text').first();
    const previewText = page.locator('#preview-text-missed_call');
    const previewMeta = page.locator('#preview-meta-missed_call');
    await previewMeta.filter({ hasText: /GSM-7 · 1 segment · \d+ characters/ }).waitFor();
    const before = await previewText.textContent();
    expect(before).toContain('Sorry we missed your call');
    expect(await page.locator('#preview-missed_call').getAttribute('aria-live')).toBe('polite');

    // Type at the end, then insert a placeholder chip at the cursor; the preview follows.
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Thanks, ');
    const chip = page.locator('#editor-missed_call .chip[data-placeholder="customer_name"]');
    expect(await chip.getAttribute('title')).toBeTruthy();
    await chip.click();
    expect(await body.inputValue()).toMatch(/Thanks, \{\{ customer_name \}\}$/);
    expect(await activeId()).toBe('body-missed_call');
    await page.keyboard.type('!');
    await previewText.filter({ hasText: /Thanks, Anna!/ }).waitFor();
    expect(await previewText.textContent()).not.toBe(before);

    // Save: a visible confirmation, and the API has the new text.
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.locator('#save-status-missed_call', { hasText: /^Saved at/ }).waitFor();
    expect((await reply('missed_call')).body).toMatch(/Thanks, \{\{ customer_name \}\}!$/);

    // Reload: both changes were kept.
    await page.reload();
    await page.locator('#enabled-after_hours_text').waitFor();
    expect(await page.locator('#enabled-after_hours_text').isChecked()).toBe(false);
    await page.locator('#edit-missed_call').click();
    expect(await page.locator('#body-missed_call').inputValue()).toMatch(/Thanks, \{\{ customer_name \}\}!$/);

    // An unknown placeholder: the preview marks the field, and Save is refused with the same inline error.
    await page.locator('#body-missed_call').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' {{ nope }}');
    const invalid = page.locator('#body-missed_call[aria-invalid="true"]');
    await invalid.waitFor();
    const describedBy = (await invalid.getAttribute('aria-describedby'))!.split(' ');
    const errorId = describedBy.find((id) => id.startsWith('err-'))!;
    const errorText = await page.locator(`#${errorId}`).textContent();
    expect(errorText).toMatch(/nope/);
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.locator('#save-status-missed_call', { hasText: 'Not saved' }).waitFor();
    expect(await activeId()).toBe('body-missed_call');
    expect((await reply('missed_call')).body).not.toContain('nope');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-panel.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('saves the weekly hours and shows a schedule error next to the field it names', async () => {
    await page.goto(`${baseUrl}/manage#schedule`);
    await page.locator('#schedule-timezone').waitFor();
    await page.getByRole('button', { name: 'Add hours on Monday' }).click();
    expect(await activeLabel()).toBe('Monday, hours 1, opens');
    const opens = page.getByLabel('Monday, hours 1, opens');
    const closes = page.getByLabel('Monday, hours 1, closes');
    await opens.fill('09:00');
    await closes.fill('09:00');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('#schedule-status', { hasText: 'Not saved' }).waitFor();
    expect(await closes.getAttribute('aria-invalid')).toBe('true');
    expect(await opens.getAttribute('aria-invalid')).toBeNull();

    await closes.fill('17:30');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('#schedule-status', { hasText: /^Saved at/ }).waitFor();
    expect(await closes.getAttribute('aria-invalid')).toBeNull();
    const schedule = await gw.api('get', `/api/teams/${teamId}/schedule`).expect(200);
    expect(schedule.body.weekly.mon).toEqual([['09:00', '17:30']]);

    // The history lists the changes made in the panel, newest first.
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('#history-list .history-item').first().waitFor();
    expect(await page.locator('#history-list .history-action').first().textContent()).toBe('Opening hours changed');
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-panel-history.png'), fullPage: true });
  }, 30_000);

  it('lets an administrator pick the team, and signs out', async () => {
    const other = await gw.api('post', '/api/teams').send({ name: 'Billing', companyName: 'Acme', timezone: 'America/New_York', numbers: ['+14155558802'] });
    expect(other.status).toBe(201);
    await gw.api('post', '/api/users').send({ email: 'e2e.admin@example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD }).expect(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = await context.newPage();
    admin.setDefaultTimeout(10_000);
    try {
      await admin.goto(`${baseUrl}/manage/login`);
      await admin.getByLabel('Email').fill('e2e.admin@example.com');
      await admin.getByLabel('Password').fill(PASSWORD);
      await Promise.all([admin.waitForURL(`${baseUrl}/manage`), admin.getByRole('button', { name: 'Sign in' }).click()]);
      const picker = admin.getByLabel('Team', { exact: true });
      await picker.waitFor();
      await admin.locator('#enabled-missed_call').waitFor();
      await picker.selectOption(other.body.id as string);
      await admin.locator('#page-subtitle', { hasText: 'for Billing (Acme)' }).waitFor();
      expect(new URL(admin.url()).searchParams.get('team')).toBe(other.body.id);
      await admin.locator('#enabled-missed_call').waitFor();
      await admin.screenshot({ path: path.join(ARTIFACTS, 'manage-panel-admin.png') });

      await Promise.all([admin.waitForURL(`${baseUrl}/manage/login`), admin.getByRole('button', { name: 'Sign out' }).click()]);
      await admin.goto(`${baseUrl}/manage`);
      expect(new URL(admin.url()).pathname).toBe('/manage/login');
    } finally {
      await context.close();
    }
  }, 30_000);
});
