import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomerSite } from '../helpers/fake-chat-gateway.js';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { eventually, startTestGateway, type TestGateway, wallClock } from '../helpers/test-gateway.js';
import { startSmtpServer } from '../helpers/urgent-paging.js';
import { SmtpEmailSender } from '../../channels/email/smtp-email.sender.js';

// The widget embedded in a real page of another origin, talking to the real gateway; an agent
// answers in the Inbox of the same gateway, and the visitor sees it live.

const ARTIFACTS = path.resolve('test/artifacts');
const AGENT = 'webchat.agent@example.com';

const shopPage = (teamId: string) => (gatewayUrl: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>A shop on another site</h1>
<script src="${gatewayUrl}/widget.js" data-team="${teamId}" async></script>
</body></html>`;

describe('Web chat across origins, with the real gateway and the Inbox', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let shop: Awaited<ReturnType<typeof startCustomerSite>>;
  let teamId: string;
  let browser: Browser;
  let visitorContext: BrowserContext;
  let visitor: Page;
  let agent: Page;

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', clock: wallClock(), webhookPoster: null });
    served = await serveGateway(gw);
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    shop = await startCustomerSite(shopPage(teamId), served.baseUrl);
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({ webChat: { enabled: true, allowedOrigins: [shop.url] } })
      .expect(200);
    await createUser(gw, teamId, AGENT, 'agent');
    browser = await launchChromium();
    agent = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    agent.setDefaultTimeout(10_000);
    await signInWithForm(agent, served.baseUrl, AGENT);
    visitorContext = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    visitor = await visitorContext.newPage();
    visitor.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await served?.close();
    await gw?.close();
  });

  it('a visitor writes, an agent answers in the Inbox, the visitor sees it live; after closing, the history is there', async () => {
    const watch = watchErrors(visitor);
    await visitor.goto(shop.url);
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    const composer = visitor.getByLabel('Your message');
    await composer.fill('Hello! Is my order <b>1042</b> on its way?');
    await composer.press('Enter');
    await visitor.getByRole('log').getByText('Hello! Is my order <b>1042</b> on its way?').waitFor();

    // The agent sees the web ticket, online, and answers it.
    await agent.goto(`${served.baseUrl}/manage#inbox`);
    const item = agent.locator('.inbox-item', { hasText: 'web:' }).first();
    await item.waitFor();
    await item.locator('.badge-online').waitFor();
    await item.click();
    await agent.getByText('Hello! Is my order <b>1042</b> on its way?').waitFor();
    expect(await agent.locator('#inbox-reply-channel').inputValue()).toBe('web');
    await agent.getByLabel('Reply', { exact: true }).fill('Yes, it left the warehouse this morning.');
    await agent.locator('#inbox-send').click();

    await visitor.getByRole('log').getByText('Yes, it left the warehouse this morning.').waitFor();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await visitor.screenshot({ path: path.join(ARTIFACTS, 'webchat-visitor.png') });
    await agent.screenshot({ path: path.join(ARTIFACTS, 'webchat-inbox.png') });
    // Shown on a visible page: read, on the agent's thread too.
    const tickets = (await gw.api('get', `/api/teams/${teamId}/tickets`).expect(200)).body as Array<{
      id: string;
      customer: string;
    }>;
    const ticket = tickets.find((t) => t.customer.startsWith('web:'))!;
    await expect
      .poll(async () => {
        const thread = (await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}/messages`).expect(200))
          .body as Array<{
          direction: string;
          readAt: string | null;
        }>;
        return thread.find((m) => m.direction === 'outbound')?.readAt ?? null;
      })
      .not.toBeNull();

    // The visitor closes the tab: offline; reopens: the same conversation.
    await visitor.close({ runBeforeUnload: true });
    await expect
      .poll(
        async () =>
          ((await gw.api('get', `/api/teams/${teamId}/tickets/${ticket.id}`).expect(200)).body as { online: boolean })
            .online,
      )
      .toBe(false);
    visitor = await visitorContext.newPage();
    await visitor.goto(shop.url);
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    await visitor.getByRole('log').getByText('Hello! Is my order <b>1042</b> on its way?').waitFor();
    await visitor.getByRole('log').getByText('Yes, it left the warehouse this morning.').waitFor();
    watch.stop();
    expect(watch.errors).toEqual([]);
  }, 60_000);
});

describe('Web chat: a reply the visitor never read reaches their email', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let shop: Awaited<ReturnType<typeof startCustomerSite>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let teamId: string;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gw = await startTestGateway({
      outbound: 'sandbox',
      clock: wallClock(),
      webhookPoster: null,
      emailSender: new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}/?from=support%40acme.test`),
    });
    served = await serveGateway(gw);
    // Open, but nobody signed in: the widget shows the offline form.
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    shop = await startCustomerSite(shopPage(teamId), served.baseUrl);
    await gw
      .api('patch', `/api/teams/${teamId}`)
      .send({
        webChat: { enabled: true, allowedOrigins: [shop.url] },
        unreadFallback: { afterSeconds: 30, channels: ['email', 'sms'] },
        // The test runs at any hour: quiet hours would hold the email until morning (tested elsewhere).
        replyLedger: { quietHours: { enabled: false } },
      })
      .expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await served?.close();
    await gw?.close();
    await smtp?.close();
  });

  it('offline form, the tab closed, the answer by email after afterSeconds, the history when they come back', async () => {
    const context = await browser.newContext();
    let page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.getByLabel('Name').fill('Ala Nowak');
    await page.getByLabel('Email').fill('ala@example.com');
    await page.getByLabel('Message', { exact: true }).fill('Do you deliver on Saturdays?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('log').getByText('Do you deliver on Saturdays?').waitFor();
    await page.close({ runBeforeUnload: true });

    const ticket = await eventually(async () => {
      const list = (await gw.api('get', `/api/teams/${teamId}/tickets`).expect(200)).body as Array<{
        id: string;
        customer: string;
      }>;
      return list.find((t) => t.customer.startsWith('web:'));
    });
    const answeredAt = Date.now();
    await gw
      .api('post', `/api/teams/${teamId}/tickets/${ticket.id}/messages`)
      .send({ body: 'Yes, from 9 to 14.' })
      .expect(202);

    // Nobody reads it: after afterSeconds (30) the worker sends it by email, once.
    await expect
      .poll(
        async () => {
          await gw.worker.unreadFallback.run();
          return smtp.mails.length;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(30_000);
    const [mail] = smtp.mails;
    expect(mail!.to).toEqual(['ala@example.com']);
    expect(mail!.raw).toContain('Yes, from 9 to 14.');

    // Back on the site: the same conversation, both messages.
    page = await context.newPage();
    await page.goto(shop.url);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await page.getByRole('log').getByText('Do you deliver on Saturdays?').waitFor();
    await page.getByRole('log').getByText('Yes, from 9 to 14.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-returning-visitor.png') });
    await context.close();
  }, 90_000);
});
