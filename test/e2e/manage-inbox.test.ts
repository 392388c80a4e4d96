import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCustomer } from '../helpers/customers.js';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway, wallClock } from '../helpers/test-gateway.js';
import { receiveMessage } from '../helpers/inbound-messages.js';

// The Inbox tab in a real browser, signed in as an agent: the three views, a thread of texts and
// automated replies, the reply box, new messages without a reload, the ticket's controls, the
// WhatsApp window, and the list by keyboard alone.
//
// Some steps need the API of other parts of issue 9 (views, unread, agent replies, chat, the
// WhatsApp window in the list); each test says which in its name ("[needs …]").

const ARTIFACTS = path.resolve('test/artifacts');
const AGENT = 'inbox.agent@example.com';
const OTHER_AGENT = 'inbox.other@example.com';
const HOUR = 60 * 60 * 1000;

interface TicketView {
  id: string;
  number: number;
  status: string;
  chat: string;
  assigneeId: string | null;
  groupId: string | null;
  customer: string;
}
interface ThreadMessage {
  id: string;
  direction: string;
  author: string;
  channel: string;
  body: string;
}

describe('Manage > Chat: the Inbox', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let teamNumber: string;
  let agentId: string;
  let otherAgentId: string;
  let groupId: string;
  let browser: Browser;
  let page: Page;
  /** A new SMS conversation, nobody on it. */
  let fresh: TicketView;
  /** The agent's own conversation. */
  let mine: TicketView;
  /** Someone else's conversation. */
  let theirs: TicketView;
  /** A WhatsApp customer whose last message is 25 hours old. */
  let whatsapp: TicketView;

  const api = (method: 'get' | 'patch', suffix: string) => gw.api(method, `/api/teams/${teamId}${suffix}`);
  const ticket = async (id: string): Promise<TicketView> =>
    (await api('get', `/tickets/${id}`).expect(200)).body as TicketView;
  const thread = async (id: string): Promise<ThreadMessage[]> =>
    (await api('get', `/tickets/${id}/messages`).expect(200)).body as ThreadMessage[];

  /** A text from `customer`, processed; answers the customer's newest ticket. */
  async function text(customer: string, body: string, channel: 'sms' | 'whatsapp' = 'sms'): Promise<TicketView> {
    await receiveMessage(gw, { from: customer, to: teamNumber, body, channel });
    const res = await api('get', `/tickets?customer=${encodeURIComponent(customer)}`).expect(200);
    return (res.body as TicketView[])[0]!;
  }

  const activeId = (): Promise<string> => page.evaluate<string>("document.activeElement?.id ?? ''");
  const item = (t: TicketView) => page.locator(`#inbox-item-${t.number}`);
  const activeTicket = (): Promise<string> => page.evaluate<string>("document.activeElement?.dataset.ticket ?? ''");
  const listedIds = async (): Promise<string[]> => {
    const items = page.locator('#inbox-list li[data-ticket]');
    const n = await items.count();
    return Promise.all(Array.from({ length: n }, async (_, i) => (await items.nth(i).getAttribute('data-ticket'))!));
  };
  async function openInbox(): Promise<void> {
    await page.goto(`${served.baseUrl}/manage#inbox`);
    await page.locator('#inbox-list').waitFor();
    await page.locator('#inbox-list-status', { hasText: /conversation/ }).waitFor();
  }
  async function showView(view: 'new' | 'mine' | 'all'): Promise<void> {
    const listed = page.waitForResponse((r) => r.url().includes('/tickets?') && r.request().method() === 'GET');
    await page.locator(`#inbox-view-${view}`).click();
    await listed;
    expect(await page.locator(`#inbox-view-${view}`).getAttribute('aria-pressed')).toBe('true');
  }
  async function openThread(t: TicketView): Promise<void> {
    await item(t).click();
    await page.locator('#inbox-thread-h', { hasText: `Ticket #${t.number}` }).waitFor();
  }

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', clock: wallClock(), webhookPoster: null });
    served = await serveGateway(gw);
    teamNumber = gw.freshNumber();
    // Never open: every text is after hours and gets the after-hours reply.
    teamId = await gw.createTeam({ numbers: [teamNumber] });
    agentId = await createUser(gw, teamId, AGENT, 'agent');
    otherAgentId = await createUser(gw, teamId, OTHER_AGENT, 'agent');
    const group = await gw
      .api('post', `/api/teams/${teamId}/groups`)
      .send({ name: 'Billing', memberIds: [agentId] })
      .expect(201);
    groupId = group.body.id as string;

    fresh = await text(freshCustomer(), 'Where is my order?');
    mine = await text(freshCustomer(), 'I was promised a call back');
    await api('patch', `/tickets/${mine.id}`).send({ assigneeId: agentId }).expect(200);
    theirs = await text(freshCustomer(), 'Invoice question');
    await api('patch', `/tickets/${theirs.id}`).send({ assigneeId: otherAgentId }).expect(200);
    const waCustomer = freshCustomer();
    whatsapp = await text(waCustomer, 'Hi on WhatsApp', 'whatsapp');
    // The customer's last WhatsApp message, a day and an hour ago: the 24-hour window is closed.
    await gw.testDb
      .db('contacts')
      .where({ team_id: teamId, number: waCustomer })
      .update({ last_whatsapp_inbound_at: new Date(Date.now() - 25 * HOUR) });

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

  it('operates the list by keyboard alone and shows a thread of texts and automated replies, oldest first', async () => {
    const watch = watchErrors(page);
    await openInbox();
    await showView('all');
    for (const t of [fresh, mine, theirs, whatsapp]) await item(t).waitFor();
    expect(await page.locator('#inbox-list').getAttribute('role')).toBe('listbox');

    // Tab from the last filter lands on the list: one option is in the tab order.
    await page.locator('#inbox-filter-channel').focus();
    await page.keyboard.press('Tab');
    const ids = await listedIds();
    expect(await activeTicket()).toBe(ids[0]);
    expect(await page.locator('#inbox-list [role="option"][tabindex="0"]').count()).toBe(1);
    // End, Home, and Down to the fresh conversation; Enter opens it and moves focus to its heading.
    await page.keyboard.press('End');
    expect(await activeTicket()).toBe(ids.at(-1));
    await page.keyboard.press('Home');
    expect(await activeTicket()).toBe(ids[0]);
    for (let i = 0; i < ids.indexOf(fresh.id); i++) await page.keyboard.press('ArrowDown');
    expect(await activeId()).toBe(`inbox-item-${fresh.number}`);
    await page.keyboard.press('Enter');
    await page.locator('#inbox-thread-h', { hasText: `Ticket #${fresh.number}: ${fresh.customer}` }).waitFor();
    expect(await activeId()).toBe('inbox-thread-h');
    expect(await item(fresh).getAttribute('aria-selected')).toBe('true');
    // Tab goes on to the ticket's controls; Escape comes back to the conversation in the list.
    await page.keyboard.press('Tab');
    expect(await activeId()).toBe('inbox-assignee');
    expect(await page.getByLabel('Assignee').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await activeId()).toBe(`inbox-item-${fresh.number}`);

    // The thread: the opening and the customer's text, then the after-hours reply by automation.
    const items = page.locator('#inbox-thread-items');
    expect(await items.getAttribute('role')).toBe('log');
    await items.locator('.thread-by-automation').waitFor();
    const texts = await items.locator('> li').allTextContents();
    const customer = texts.findIndex((x) => x.includes('Where is my order?'));
    const automated = texts.findIndex((x) => x.startsWith('Automated reply'));
    expect(texts.some((x) => x.includes('Ticket opened'))).toBe(true);
    expect(customer).toBeGreaterThanOrEqual(0);
    expect(automated).toBeGreaterThan(customer);
    expect(await items.locator('.thread-inbound .thread-author').first().textContent()).toBe('Customer');
    expect(await items.locator('.thread-by-automation .thread-author').textContent()).toMatch(/^Automated reply: /);

    // Space opens another conversation from the list too.
    await item(mine).focus();
    await page.keyboard.press('Space');
    await page.locator('#inbox-thread-h', { hasText: `Ticket #${mine.number}` }).waitFor();
    expect(await activeId()).toBe('inbox-thread-h');
    watch.stop();
    expect(watch.errors).toEqual([]);
  }, 60_000);

  it('shows the SMS encoding, parts and characters as the agent types, counted by the server', async () => {
    await openInbox();
    await showView('all');
    await openThread(fresh);
    const body = page.getByLabel('Reply', { exact: true });
    const meter = page.locator('#inbox-reply-meter');
    await body.fill('Hello');
    await meter.filter({ hasText: 'GSM-7 · 1 segment · 5 characters' }).waitFor();
    await body.pressSequentially(' żółw');
    await meter.filter({ hasText: 'UCS-2 · 1 segment · 10 characters' }).waitFor();
    await body.fill('a'.repeat(161));
    await meter.filter({ hasText: 'GSM-7 · 2 segments · 161 characters' }).waitFor();
    expect(await body.getAttribute('aria-describedby')).toContain('inbox-reply-meter');
  }, 30_000);

  it('shows a new inbound text on the open thread without a reload', async () => {
    const watch = watchErrors(page);
    await openInbox();
    await showView('all');
    await openThread(fresh);
    const before = await page.locator('#inbox-thread-items > li').count();
    // No navigation from here on: the poll brings the text.
    const navigated: string[] = [];
    page.on('framenavigated', (frame) => navigated.push(frame.url()));
    await text(fresh.customer, 'Hello? Anyone there?');
    await page.locator('#inbox-thread-items .thread-inbound', { hasText: 'Hello? Anyone there?' }).waitFor();
    expect(await page.locator('#inbox-thread-items > li').count()).toBeGreaterThan(before);
    expect(navigated).toEqual([]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-inbox.png'), fullPage: true });
    watch.stop();
    expect(watch.errors).toEqual([]);
  }, 30_000);

  it('assigns to me, and changes the line and the status', async () => {
    await openInbox();
    await showView('all');
    await openThread(fresh);
    const assigned = page.waitForResponse(
      (r) => r.url().endsWith(`/tickets/${fresh.id}`) && r.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Assign to me' }).click();
    expect(await (await assigned).request().postDataJSON()).toEqual({ assigneeId: agentId });
    await page.locator('#inbox-save-status', { hasText: /^Assigned to you at/ }).waitFor();
    expect((await ticket(fresh.id)).assigneeId).toBe(agentId);
    expect(await page.locator('#inbox-assignee').inputValue()).toBe(agentId);
    expect(await page.locator('#inbox-assign-me').isDisabled()).toBe(true);
    await page.locator('#inbox-thread-items .timeline-assigned', { hasText: 'nobody → inbox.agent' }).waitFor();

    await page.getByLabel('Line', { exact: true }).last().selectOption(groupId);
    await page.locator('#inbox-status').selectOption('pending');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/tickets/${fresh.id}`) && r.request().method() === 'PATCH',
    );
    await page.locator('#inbox-save').click();
    expect(await (await saved).request().postDataJSON()).toEqual({ groupId, status: 'pending' });
    await page.locator('#inbox-save-status', { hasText: /^Saved at/ }).waitFor();
    expect(await ticket(fresh.id)).toMatchObject({ groupId, status: 'pending', assigneeId: agentId });
    await page.locator('#inbox-thread-items .timeline-group_changed', { hasText: 'Billing' }).waitFor();
    await page.locator('#inbox-thread-items .timeline-status_changed', { hasText: 'Open → Pending' }).waitFor();
  }, 30_000);

  it('lists New / Mine / All with unread counts and the WhatsApp window, and clears the count on open', async () => {
    const watch = watchErrors(page);
    const other = await text(freshCustomer(), 'A brand new question');
    await openInbox();
    await showView('new');
    await item(other).waitFor();
    let ids = await listedIds();
    expect(ids).toContain(other.id);
    expect(ids).not.toContain(mine.id);
    expect(ids).not.toContain(theirs.id);

    await showView('mine');
    await item(mine).waitFor();
    ids = await listedIds();
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(other.id);

    await showView('all');
    for (const t of [other, mine, theirs, whatsapp]) await item(t).waitFor();
    // One unread text on the new conversation; the WhatsApp customer's window is closed.
    expect(await item(other).locator('.badge-unread').textContent()).toBe('1 unread');
    expect(await item(whatsapp).locator('.inbox-window').textContent()).toBe('WhatsApp window closed');
    expect(await item(other).locator('.inbox-window').count()).toBe(0);

    // Opening the thread reads it: the badge goes, and stays gone after the next poll.
    const read = page.waitForResponse((r) => r.url().endsWith(`/tickets/${other.id}/read`));
    await openThread(other);
    expect((await read).ok()).toBe(true);
    await item(other).locator('.badge-unread').waitFor({ state: 'detached' });
    await page.waitForResponse((r) => r.url().includes('/tickets?') && r.request().method() === 'GET');
    expect(await item(other).locator('.badge-unread').count()).toBe(0);
    const listed = await api('get', '/tickets?view=all').expect(200);
    expect((listed.body as { id: string; unread: number }[]).find((t) => t.id === other.id)?.unread).toBe(0);
    watch.stop();
    expect(watch.errors).toEqual([]);
  }, 60_000);

  it('sends a reply that lands on the thread as the agent’s', async () => {
    await openInbox();
    await showView('all');
    await openThread(mine);
    await page.getByLabel('Reply', { exact: true }).fill('We are calling you in five minutes.');
    const sent = page.waitForResponse(
      (r) => r.url().endsWith(`/tickets/${mine.id}/messages`) && r.request().method() === 'POST',
    );
    await page.locator('#inbox-send').click();
    const answer = await sent;
    expect(answer.status()).toBe(202);
    expect(answer.request().postDataJSON()).toEqual({ body: 'We are calling you in five minutes.', channel: 'sms' });
    const bubble = page.locator('#inbox-thread-items .thread-by-agent', {
      hasText: 'We are calling you in five minutes.',
    });
    await bubble.waitFor();
    expect(await bubble.locator('.thread-author').textContent()).toBe('inbox.agent');
    // Its delivery status follows on the thread, without a reload.
    await page
      .locator('#inbox-thread-items .thread-by-agent .thread-status', { hasText: /^(Sent|Delivered)$/ })
      .waitFor();
    await page.locator('#inbox-reply-status', { hasText: /^Sent at/ }).waitFor();
    expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');
    expect(await activeId()).toBe('inbox-reply-body');
    const messages = await thread(mine.id);
    expect(messages.at(-1)).toMatchObject({
      direction: 'outbound',
      author: 'agent',
      channel: 'sms',
      body: 'We are calling you in five minutes.',
    });
  }, 30_000);

  it('completes the chat from the controls', async () => {
    await openInbox();
    await showView('all');
    await openThread(theirs);
    await page.getByLabel('Chat', { exact: true }).selectOption('completed');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/tickets/${theirs.id}`) && r.request().method() === 'PATCH',
    );
    await page.locator('#inbox-save').click();
    expect((await saved).status()).toBe(200);
    await page.locator('#inbox-save-status', { hasText: /^Saved at/ }).waitFor();
    expect((await ticket(theirs.id)).chat).toBe('completed');
    await page.locator('#inbox-thread-items .timeline-chat_changed', { hasText: 'Active → Completed' }).waitFor();
  }, 30_000);

  it('blocks a WhatsApp reply with the window closed and sends it as SMS instead', async () => {
    await openInbox();
    await showView('all');
    await openThread(whatsapp);
    expect(await page.locator('#inbox-reply-channel').inputValue()).toBe('whatsapp');
    const block = page.locator('#inbox-window-block');
    await block.waitFor();
    expect(await block.getAttribute('role')).toBe('alert');
    expect(await block.textContent()).toMatch(/24-hour window closed/);
    expect(await page.locator('#inbox-send').isDisabled()).toBe(true);

    await page.getByLabel('Reply', { exact: true }).fill('Sorry for the wait: here is your answer.');
    const sent = page.waitForResponse(
      (r) => r.url().endsWith(`/tickets/${whatsapp.id}/messages`) && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Send as SMS instead' }).click();
    const answer = await sent;
    expect(answer.status()).toBe(202);
    expect(answer.request().postDataJSON()).toEqual({
      body: 'Sorry for the wait: here is your answer.',
      channel: 'sms',
    });
    await page.locator('#inbox-thread-items .thread-by-agent', { hasText: 'Sorry for the wait' }).waitFor();
    expect(await page.locator('#inbox-reply-channel').inputValue()).toBe('sms');
    expect(await block.isHidden()).toBe(true);
    expect((await thread(whatsapp.id)).at(-1)).toMatchObject({ author: 'agent', channel: 'sms' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-inbox-whatsapp.png'), fullPage: true });
  }, 30_000);
});
