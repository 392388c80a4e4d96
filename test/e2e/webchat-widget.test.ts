import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerSite, startFakeChatGateway, type FakeChatGateway } from '../helpers/fake-chat-gateway.js';
import { launchChromium, watchErrors } from '../helpers/panel-browser.js';

// The embeddable web chat widget (src/webchat/assets/widget.js) in a real browser, on a customer's
// site of its own origin, against an in-memory gateway that speaks the fixed wire
// (webchat-wire.md). The page's CSS is hostile on purpose: none of it may reach the widget.

const ARTIFACTS = path.resolve('test/artifacts');
const TEAM = 'team-widget-1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const customerPage = (gatewayUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer shop</title>
<style>
  * { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; }
  button { background: rgb(0, 128, 0) !important; border-radius: 0 !important; padding: 30px !important; }
  .launcher, .panel, [role="log"] { display: none !important; }
  div, section, p { margin: 50px; }
</style></head>
<body><h1>Customer shop</h1><button id="page-button" type="button">Buy</button>
<script src="${gatewayUrl}/widget.js" data-team="${TEAM}" async></script>
</body></html>`;

interface ShadowState {
  hosts: number;
  open: boolean;
  launcherInLightDom: number;
  launcher: { background: string; color: string; fontSize: string; display: string } | null;
  pageButton: string;
  styleSheetsInPage: number;
  activeInShadow: string | null;
  images: number;
  version: string | null;
}

// In-page code is a string: the tests' TypeScript has no DOM types.
const SHADOW_STATE = `(() => {
  const host = document.querySelector('switchboard-chat');
  const root = host && host.shadowRoot;
  const launcher = root && root.querySelector('.launcher');
  const style = launcher ? getComputedStyle(launcher) : null;
  const active = root && root.activeElement;
  return {
    hosts: document.querySelectorAll('switchboard-chat').length,
    open: Boolean(root),
    launcherInLightDom: document.querySelectorAll('.launcher').length,
    launcher: style && { background: style.backgroundColor, color: style.color, fontSize: style.fontSize, display: style.display },
    pageButton: getComputedStyle(document.getElementById('page-button')).backgroundColor,
    styleSheetsInPage: document.querySelectorAll('style').length,
    activeInShadow: active ? active.id || active.className : null,
    images: root ? root.querySelectorAll('img').length : -1,
    version: window.SwitchboardWidget ? window.SwitchboardWidget.version : null,
  };
})()`;

/** The widget's host element and shadow root, read in the page. */
const shadowState = (page: Page) => page.evaluate<ShadowState>(SHADOW_STATE);

const storedToken = (page: Page) =>
  page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(`switchboard:${TEAM}:token`)})`);

/** Makes the page hidden or visible the way a tab switch does (headless Chromium has no background tabs). */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate(`(() => {
    const s = ${JSON.stringify(state)};
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

/** Storage that throws, as in a sandboxed frame or a strict privacy mode. */
const BLOCK_STORAGE = `Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('blocked', 'SecurityError'); },
});`;

describe('Web chat widget in a real browser', () => {
  const allowedOrigins: string[] = [];
  let fake: FakeChatGateway;
  let site: Awaited<ReturnType<typeof startCustomerSite>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: ReturnType<typeof watchErrors>;
  const dialogs: string[] = [];

  const presence = () => fake.requests('/presence').map((r) => r.body as { token: string; state: string });
  const readIds = () => fake.requests('/read').flatMap((r) => (r.body as { ids: string[] }).ids);

  async function openSite(ctx: BrowserContext): Promise<Page> {
    const p = await ctx.newPage();
    p.setDefaultTimeout(10_000);
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await p.goto(site.url);
    await p.getByRole('button', { name: /Chat with us|Napisz do nas/ }).waitFor();
    return p;
  }

  beforeAll(async () => {
    fake = await startFakeChatGateway({ teamId: TEAM, allowedOrigins });
    site = await startCustomerSite(customerPage, fake.baseUrl);
    allowedOrigins.push(site.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    page = await openSite(context);
    watch = watchErrors(page);
  });

  afterEach(() => {
    expect(dialogs).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await fake?.close();
  });

  it('mounts one open shadow root with the launcher, and the page CSS does not reach it', async () => {
    const state = await shadowState(page);
    expect(state).toMatchObject({
      hosts: 1,
      open: true,
      launcherInLightDom: 0,
      styleSheetsInPage: 1,
      version: '1.0.0',
    });
    // the widget's own look (a flex item, hence display flex), whatever the page says about buttons, `*` and `.launcher`
    expect(state.launcher).toEqual({
      background: 'rgb(31, 95, 191)',
      color: 'rgb(255, 255, 255)',
      fontSize: '15px',
      display: 'flex',
    });
    // and its styles do not leak out to the page's own button
    expect(state.pageButton).toBe('rgb(0, 128, 0)');

    const launcher = page.getByRole('button', { name: 'Chat with us' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    const controls = await launcher.getAttribute('aria-controls');
    expect(await page.locator(`switchboard-chat >> #${controls}`).getAttribute('role')).toBe('dialog');
    expect(await page.locator(`switchboard-chat >> #${controls}`).isHidden()).toBe(true);

    // the visitor was created without a token and its token is kept in this site's storage, with no cookies
    const visitors = fake.requests('/visitors');
    expect(visitors).toHaveLength(1);
    expect(visitors[0]!.body).toEqual({});
    expect(visitors[0]!.headers.origin).toBe(site.url);
    expect(visitors[0]!.headers.cookie).toBeUndefined();
    expect(await storedToken(page)).toMatch(/^vt_/);
    expect(await context.cookies()).toEqual([]);
    // loaded on a visible page: "open"
    await expect.poll(presence).toContainEqual({ token: await storedToken(page), state: 'open' });
  });

  it('opens with focus inside, sends with Enter (a clientId each), Shift+Enter makes a new line', async () => {
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await dialog.waitFor();
    expect(await page.getByRole('button', { name: 'Chat with us' }).getAttribute('aria-expanded')).toBe('true');
    expect((await shadowState(page)).activeInShadow).toBe('switchboard-composer');
    expect(await dialog.getByText('0 / 4,000 characters').isVisible()).toBe(true);

    const composer = page.getByLabel('Your message');
    await composer.fill('Hello, do you ship to Kraków?');
    await composer.press('Enter');
    await expect.poll(() => fake.requests('/messages').length).toBe(1);
    const sent = fake.requests('/messages')[0]!;
    expect(sent.body).toEqual({ body: 'Hello, do you ship to Kraków?', clientId: expect.stringMatching(UUID) });
    expect(sent.headers.authorization).toBe(`Bearer ${await storedToken(page)}`);
    expect(sent.headers.cookie).toBeUndefined();
    const log = page.getByRole('log');
    await log.getByText('Hello, do you ship to Kraków?').waitFor();
    expect(await composer.inputValue()).toBe('');

    await composer.pressSequentially('line one');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('line two');
    expect(await composer.inputValue()).toBe('line one\nline two');
    await composer.press('Enter');
    await expect.poll(() => fake.requests('/messages').length).toBe(2);
    const second = fake.requests('/messages')[1]!.body as { body: string; clientId: string };
    expect(second.body).toBe('line one\nline two');
    expect(second.clientId).not.toBe((sent.body as { clientId: string }).clientId);
    await log.getByText('line two').waitFor();

    // the stream also delivered both (own messages come back once stored): each is shown once
    await page.waitForTimeout(300);
    expect(await log.getByText('Hello, do you ship to Kraków?').count()).toBe(1);
    expect(await log.getByText('line one').count()).toBe(1);

    // an empty message is not sent; the limit is shown when over it
    await composer.press('Enter');
    await dialog.getByText('Write a message first.').waitFor();
    await composer.fill('x'.repeat(4001));
    await dialog.getByText('4001 / 4,000 characters').waitFor();
    await composer.press('Enter');
    await dialog.getByText('The message is too long: at most 4,000 characters.').waitFor();
    expect(await composer.getAttribute('aria-invalid')).toBe('true');
    expect(fake.requests('/messages')).toHaveLength(2);
    await composer.fill('');
  });

  it("shows an agent's reply live, as text only, and reports it read while visible", async () => {
    const token = (await storedToken(page))!;
    const reply = fake.reply(token, 'Yes, we ship anywhere in Poland.');
    const log = page.getByRole('log');
    await log.getByText('Yes, we ship anywhere in Poland.').waitFor();
    await expect.poll(readIds).toContain(reply.id);
    const read = fake.requests('/read').find((r) => (r.body as { ids: string[] }).ids.includes(reply.id))!;
    expect(read.headers.authorization).toBe(`Bearer ${token}`);

    const html = '<img src=x onerror=alert(1)> <script>alert(2)</script><b>bold?</b>';
    const hostile = fake.reply(token, html);
    await log.getByText(html).waitFor();
    const state = await shadowState(page);
    expect(state.images).toBe(0);
    expect(await page.locator('switchboard-chat >> .log b, switchboard-chat >> .log script').count()).toBe(0);
    await expect.poll(readIds).toContain(hostile.id);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-widget.png') });

    // each id is reported once
    await page.waitForTimeout(700);
    expect(readIds().filter((id) => id === reply.id)).toHaveLength(1);
    // the visitor's own messages are never reported
    const inbound = fake.visitors
      .get(token)!
      .messages.filter((m) => m.direction === 'inbound')
      .map((m) => m.id);
    expect(readIds().filter((id) => inbound.includes(id))).toEqual([]);
  });

  it('Escape closes and returns focus to the launcher; a reply while closed waits on the badge, unread', async () => {
    await page.getByLabel('Your message').focus();
    await page.keyboard.press('Escape');
    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    await dialog.waitFor({ state: 'hidden' });
    expect((await shadowState(page)).activeInShadow).toBe('launcher');
    expect(await page.getByRole('button', { name: 'Chat with us' }).getAttribute('aria-expanded')).toBe('false');

    const token = (await storedToken(page))!;
    const reply = fake.reply(token, 'Anything else?');
    const launcher = page.getByRole('button', { name: 'Chat with us (1 unread)' });
    await launcher.waitFor();
    await page.waitForTimeout(800);
    expect(readIds()).not.toContain(reply.id); // not seen: the panel is closed

    // Enter on the focused launcher opens it again
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.getByRole('button', { name: 'Chat with us', exact: true }).waitFor();
    await expect.poll(readIds).toContain(reply.id);
  });

  it('reports presence hidden and open with the page visibility, and reads nothing while hidden', async () => {
    const token = (await storedToken(page))!;
    await setVisibility(page, 'hidden');
    await expect.poll(() => presence().at(-1)).toEqual({ token, state: 'hidden' });
    const reply = fake.reply(token, 'Are you still there?');
    await page.getByRole('log').getByText('Are you still there?').waitFor();
    await page.waitForTimeout(800);
    expect(readIds()).not.toContain(reply.id);

    await setVisibility(page, 'visible');
    await expect.poll(() => presence().at(-1)).toEqual({ token, state: 'open' });
    await expect.poll(readIds).toContain(reply.id);
  });

  it('waits out a 429 with its message, then sends the same clientId once', async () => {
    fake.rateLimitNext = 2;
    const composer = page.getByLabel('Your message');
    await composer.fill('One more question');
    await composer.press('Enter');
    await page
      .getByRole('dialog')
      .getByText(/Too many messages: wait \d s\./)
      .waitFor();
    await page.getByRole('log').getByText('One more question').waitFor();
    await expect.poll(() => fake.requests('/messages').length, { timeout: 6000 }).toBe(4);
    const [limited, accepted] = fake.requests('/messages').slice(-2);
    expect((limited!.body as { clientId: string }).clientId).toBe((accepted!.body as { clientId: string }).clientId);
    await page
      .getByRole('dialog')
      .getByText(/Too many messages/)
      .waitFor({ state: 'hidden' });
    const token = (await storedToken(page))!;
    expect(fake.visitors.get(token)!.messages.filter((m) => m.body === 'One more question')).toHaveLength(1);
  });

  it('retries a send that lost its connection, with the same clientId, and shows it once', async () => {
    fake.dropNextMessage = true;
    const before = fake.requests('/messages').length;
    const composer = page.getByLabel('Your message');
    await composer.fill('Is anyone there?');
    await composer.press('Enter');
    await expect.poll(() => fake.requests('/messages').length, { timeout: 6000 }).toBe(before + 2);
    const [lost, retried] = fake.requests('/messages').slice(-2);
    expect((retried!.body as { clientId: string }).clientId).toBe((lost!.body as { clientId: string }).clientId);
    const log = page.getByRole('log');
    await log.getByText('Is anyone there?').waitFor();
    await page.waitForTimeout(300);
    expect(await log.getByText('Is anyone there?').count()).toBe(1);
    expect(await log.getByText('Sending…').count()).toBe(0);
  });

  it('fills what the stream missed when it reconnects', async () => {
    const token = (await storedToken(page))!;
    const before = fake.requests('/visitors').length;
    fake.dropStreams();
    // a message stored while the stream was down reaches the widget through POST /visitors on reconnect
    const visitor = fake.visitors.get(token)!;
    visitor.messages.push({
      id: 'missed-1',
      direction: 'outbound',
      author: 'automation',
      body: 'Sent while you were reconnecting',
      createdAt: new Date().toISOString(),
      readAt: null,
    });
    await page.getByRole('log').getByText('Sent while you were reconnecting').waitFor();
    expect(fake.requests('/visitors').length).toBeGreaterThan(before);
    expect(fake.requests('/visitors').at(-1)!.body).toEqual({ token });
  });

  it('on reload reuses the token and shows the history; "closed" goes by sendBeacon when the page closes', async () => {
    const token = (await storedToken(page))!;
    expect(watch.errors).toEqual([]);
    watch.stop();
    // closed the way a person closes the tab: the unload handlers run
    const closing = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closing;
    await expect.poll(() => presence().at(-1)).toEqual({ token, state: 'closed' });
    const closed = fake.requests('/presence').at(-1)!;
    expect(closed.headers['content-type']).toMatch(/^text\/plain/);

    page = await openSite(context);
    watch = watchErrors(page);
    expect(fake.requests('/visitors').at(-1)!.body).toEqual({ token });
    expect(await storedToken(page)).toBe(token);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const log = page.getByRole('log');
    await log.getByText('Hello, do you ship to Kraków?').waitFor();
    await log.getByText('Yes, we ship anywhere in Poland.').waitFor();
    await log.getByText('Sent while you were reconnecting').waitFor();
    expect(await log.getByText('One more question').count()).toBe(1);
    expect(watch.errors).toEqual([]);
  });

  it('agents away: the offline form, a field error from the 422, then the chat on the same visitor', async () => {
    fake.agentsAvailable = false;
    const ctx = await browser.newContext();
    try {
      const p = await openSite(ctx);
      const errors = watchErrors(p);
      await p.getByRole('button', { name: 'Chat with us' }).click();
      const dialog = p.getByRole('dialog', { name: 'Chat with us' });
      await dialog.getByText('Nobody is available right now.', { exact: false }).waitFor();
      expect(await p.getByLabel('Your message').isHidden()).toBe(true);
      expect((await shadowState(p)).activeInShadow).toBe('switchboard-offline-name');

      await p.getByLabel('Name').fill('Ala Nowak');
      await p.getByLabel('Email').fill('not-an-email');
      await p.getByLabel('Message', { exact: true }).fill('Please call me back about my order.');
      await p.getByRole('button', { name: 'Send message' }).click();
      const email = p.getByLabel('Email');
      await dialog.getByText('Enter a valid email address').waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      expect(await email.getAttribute('aria-describedby')).toBe('switchboard-offline-email-error');
      expect(fake.requests('/offline').at(-1)!.body).toEqual({
        name: 'Ala Nowak',
        email: 'not-an-email',
        message: 'Please call me back about my order.',
      });

      await email.fill('ala@example.com');
      await p.getByRole('button', { name: 'Send message' }).click();
      await p.getByLabel('Your message').waitFor();
      expect(await p.getByLabel('Name').isHidden()).toBe(true);
      await p.getByRole('log').getByText('Please call me back about my order.').waitFor();
      const offline = fake.requests('/offline').at(-1)!;
      expect(offline.headers.authorization).toBe(`Bearer ${await storedToken(p)}`);
      expect(errors.errors).toEqual([]);
    } finally {
      fake.agentsAvailable = true;
      await ctx.close();
    }
  });

  it('shows nothing on a site the team did not allow', async () => {
    const other = await startCustomerSite(customerPage, fake.baseUrl);
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      await p.goto(other.url);
      await expect.poll(() => fake.received.filter((r) => r.headers.origin === other.url).length).toBeGreaterThan(0);
      await p.waitForTimeout(300);
      expect(await p.locator('switchboard-chat >> .launcher').isHidden()).toBe(true);
      expect(await p.getByRole('button', { name: 'Chat with us' }).count()).toBe(0);
    } finally {
      await ctx.close();
      await other.close();
    }
  });

  it('speaks the locale the gateway returns, and works as a session-only visitor when storage is blocked', async () => {
    fake.locale = 'pl';
    const ctx = await browser.newContext();
    try {
      await ctx.addInitScript(BLOCK_STORAGE);
      const p = await openSite(ctx);
      const errors = watchErrors(p);
      await p.getByRole('button', { name: 'Napisz do nas' }).click();
      const composer = p.getByLabel('Twoja wiadomość');
      await composer.fill('Dzień dobry');
      await p.getByRole('button', { name: 'Wyślij' }).click();
      await p.getByRole('log').getByText('Dzień dobry').waitFor();
      // Shown at once while sending: wait for the request itself to reach the gateway.
      await expect
        .poll(() => (fake.requests('/messages').at(-1)?.body as { body?: string } | undefined)?.body)
        .toBe('Dzień dobry');
      const sent = fake.requests('/messages').at(-1)!;
      expect(sent.headers.authorization).toMatch(/^Bearer vt_/);
      expect(errors.errors).toEqual([]);
    } finally {
      fake.locale = 'en';
      await ctx.close();
    }
  });
});
