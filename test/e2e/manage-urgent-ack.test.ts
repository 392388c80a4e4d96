import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway, wallClock } from '../helpers/test-gateway.js';
import { pageUrgent, sent } from '../helpers/urgent-paging.js';

// The Inbox's Acknowledge button in a real browser: shown while the ticket's urgent page is
// unacknowledged; pressing it stops the paging, tells the customer, and the button goes.

const ARTIFACTS = path.resolve('test/artifacts');
const AGENT = 'urgent.agent@example.com';
const ON_CALL = { numbers: ['+48500100200'], emails: [], repageMinutes: 5, maxPages: 3 };

describe('Manage > Chat: acknowledging an urgent page in the Inbox', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let teamNumber: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', clock: wallClock(), webhookPoster: null });
    served = await serveGateway(gw);
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber], open: true });
    await createUser(gw, teamId, AGENT, 'agent');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, served.baseUrl, AGENT);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await gw?.close();
  });

  it('shows Acknowledge while the page is open, and acknowledges as the signed-in agent', async () => {
    const paged = await pageUrgent(gw, teamId, teamNumber, ON_CALL, { customer: '+48600500400' });
    const calm = await pageUrgent(gw, teamId, teamNumber, { ...ON_CALL, numbers: [] }, { customer: '+48600500401' });
    await gw.api('post', `/api/teams/${teamId}/tickets/${calm.ticketId}/acknowledge`).expect(200);
    const watch = watchErrors(page);

    await page.goto(`${served.baseUrl}/manage#inbox`);
    await page.locator('#inbox-list').waitFor();
    await page.locator('#inbox-view-all').click();
    // An acknowledged ticket has no button.
    await page.locator(`#inbox-item-${calm.ticketNumber}`).click();
    await page.locator('#inbox-thread-h', { hasText: `Ticket #${calm.ticketNumber}` }).waitFor();
    await page.locator('#inbox-save').waitFor();
    expect(await page.locator('#inbox-acknowledge').count()).toBe(0);

    await page.locator(`#inbox-item-${paged.ticketNumber}`).click();
    await page.locator('#inbox-thread-h', { hasText: `Ticket #${paged.ticketNumber}` }).waitFor();
    const urgent = page.locator('#inbox-urgent');
    await urgent.waitFor();
    expect(await urgent.textContent()).toContain('not acknowledged yet');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-urgent-ack.png') });

    await page.locator('#inbox-acknowledge').click();
    await page.locator('#inbox-save-status', { hasText: 'Acknowledged at' }).waitFor();
    expect(await page.locator('#inbox-acknowledge').count()).toBe(0);

    const ticket = (await gw.api('get', `/api/teams/${teamId}/tickets/${paged.ticketId}`).expect(200)).body as {
      urgent: { acknowledgedBy: string; acknowledgedVia: string };
    };
    expect(ticket.urgent).toMatchObject({ acknowledgedBy: 'urgent.agent', acknowledgedVia: 'inbox' });
    const told = (await sent(gw, teamId, 'after_hours_flow_step')).filter((m) => m.to_address === paged.customer);
    expect(told).toHaveLength(1);
    watch.stop();
    expect(watch.errors).toEqual([]);
  });
});
