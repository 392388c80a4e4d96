import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackTask } from '../../src/callbacks/callback-tasks.js';
import { storeSetTransactor } from '../../src/store-set.js';
import { freshCustomer } from '../helpers/customers.js';
import { receiveMessage } from '../helpers/inbound-messages.js';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway, wallClock } from '../helpers/test-gateway.js';

// The Inbox's open callbacks in a real browser, signed in as an agent: the callback the customer
// asked for shows above the thread, and "Done" marks it made, on the timeline too.

const AGENT = 'callbacks.agent@example.com';
const HOUR = 60 * 60 * 1000;

interface TicketView {
  id: string;
  number: number;
  firstRespondedAt: string | null;
}

describe('Manage > Chat: callbacks in the Inbox', () => {
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
    teamId = await gw.createTeam({ numbers: [teamNumber] });
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

  it('shows an open callback above the thread and marks it made with Done', async () => {
    const customer = freshCustomer();
    await receiveMessage(gw, { from: customer, to: teamNumber, body: 'Please call me back' });
    const listed = await gw.api('get', `/api/teams/${teamId}/tickets?customer=${encodeURIComponent(customer)}`);
    const ticket = (listed.body as TicketView[])[0]!;
    const start = new Date(Date.now() + HOUR);
    await storeSetTransactor(gw.testDb.db)(async (s) =>
      createCallbackTask(s, {
        ticket: (await s.tickets.lock(teamId, ticket.id))!,
        teamId,
        phone: customer,
        name: 'Ada',
        regarding: 'the invoice',
        slot: { start, end: new Date(start.getTime() + HOUR) },
        timeZone: 'Europe/Warsaw',
        now: new Date(),
        actor: 'customer',
      }),
    );

    const watch = watchErrors(page);
    await page.goto(`${served.baseUrl}/manage#inbox`);
    await page.locator(`#inbox-item-${ticket.number}`).click();
    const task = page.locator('#inbox-tasks li.inbox-task');
    await task.waitFor();
    expect(await page.locator('#inbox-tasks-h').textContent()).toBe('Callbacks to make');
    expect(await task.textContent()).toContain(`Call Ada on ${customer}`);
    expect(await task.textContent()).toContain('About: the invoice');
    await page.locator('#inbox-thread-items .timeline-callback_requested').waitFor();

    await page.getByRole('button', { name: `Mark the callback to ${customer} as made` }).click();
    await page.locator('#inbox-tasks-status', { hasText: 'Callback marked as made' }).waitFor();
    expect(await task.count()).toBe(0);
    await page.locator('#inbox-thread-items .timeline-callback_done').waitFor();

    const tasks = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}/tasks`).expect(200)).body as Array<{
      status: string;
      doneBy: string;
    }>;
    expect(tasks).toMatchObject([{ status: 'done', doneBy: `user:${AGENT}` }]);
    expect(
      ((await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`)).body as TicketView).firstRespondedAt,
    ).not.toBeNull();
    watch.stop();
    expect(watch.errors).toEqual([]);
  });
});
