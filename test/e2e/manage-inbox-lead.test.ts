import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../helpers/customers.js';
import { receiveMessage } from '../helpers/inbound-messages.js';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// A customer who left a message through the after-hours conversation is a lead: the Inbox shows it
// in the list and, with the form's answers, above the thread.

const AGENT = 'lead.agent@example.com';

describe('Manage > Chat: a lead from the after-hours conversation in the Inbox', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let teamNumber: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    served = await serveGateway(gw);
    teamNumber = gw.freshNumber();
    teamId = await gw.createTeam({ numbers: [teamNumber] }); // no opening hours: always after hours
    await gw
      .api('put', `/api/teams/${teamId}/after-hours-flow`)
      .send({ enabled: true, paths: { message: true, callback: false, urgent: false, faq: false } })
      .expect(200);
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

  it('shows the lead badge, who they are and what they answered', async () => {
    const customer = freshCustomer();
    for (const body of ['Hello?', '1', 'Anna Nowak', 'not an email', 'not again', 'still not', 'My router is down'])
      await receiveMessage(gw, { from: customer, to: teamNumber, body });
    const listed = (
      await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`).expect(200)
    ).body as Array<{ number: number }>;
    const watch = watchErrors(page);
    await page.goto(`${served.baseUrl}/manage#inbox`);
    const item = page.locator(`#inbox-item-${listed[0]!.number}`);
    await item.waitFor();
    expect(await item.locator('.inbox-item-customer').textContent()).toBe(`Anna Nowak (${customer})`);
    expect(await item.locator('.badge-lead').textContent()).toBe('Lead');
    await item.click();
    const lead = page.locator('#inbox-thread-lead');
    await lead.waitFor();
    expect(await lead.locator('p').textContent()).toBe('Lead: Anna Nowak, — (from after_hours_flow:message)');
    expect(await lead.locator('dt').allTextContents()).toEqual(['name', 'email', 'message']);
    expect(await lead.locator('dd').allTextContents()).toEqual(['Anna Nowak', '(not given)', 'My router is down']);
    watch.stop();
    expect(watch.errors).toEqual([]);
  });
});
