import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveGateway, signInWithForm, watchErrors } from '../helpers/panel-browser.js';
import { createUser } from '../helpers/panel-session.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

// The Flow tab in a real browser, signed in as a manager: the after-hours conversation turned on
// with the urgent path and nobody on call (the 422 lands on the on-call group), then saved with a
// number and an address; a text edited with its live preview (encoding and SMS segments, a
// warning over two); an FAQ entry added, edited, and refused with a 422 on its field; the try-it
// box walked as a customer would (hello → menu → FAQ → the answer); and an agent's read-only view.

const ARTIFACTS = path.resolve('test/artifacts');
const MANAGER = 'flow.manager@example.com';
const AGENT = 'flow.agent@example.com';

interface FlowView {
  enabled: boolean;
  paths: Record<string, boolean>;
  onCall: { numbers: string[]; emails: string[]; repageMinutes: number; maxPages: number };
  texts: Record<string, string>;
}

describe('Manage > Chat: the after-hours flow', () => {
  let gw: TestGateway;
  let served: Awaited<ReturnType<typeof serveGateway>>;
  let teamId: string;
  let browser: Browser;
  let page: Page;

  const readFlow = async () =>
    (await gw.api('get', `/api/teams/${teamId}/after-hours-flow`).expect(200)).body as FlowView;
  const activeId = (): Promise<string> => page.evaluate<string>("document.activeElement?.id ?? ''");
  /** The message an invalid control points at (its aria-describedby that is an error). */
  async function errorOf(selector: string): Promise<string> {
    const ids = ((await page.locator(selector).getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const texts: string[] = [];
    for (const id of ids) {
      const error = page.locator(`#${id}.field-error`);
      if ((await error.count()) > 0) texts.push((await error.textContent()) ?? '');
    }
    return texts.join(' ');
  }
  async function openFlow(p: Page = page): Promise<void> {
    await p.goto('about:blank');
    await p.goto(`${served.baseUrl}/manage#flow`);
    await p.locator('#flow-load-status', { hasText: 'is loaded' }).waitFor();
    await p.locator('#flow-preview-status', { hasText: 'Preview updated' }).waitFor();
  }
  /** Sends one message as the customer and waits for the `added` items it puts in the log (it, the replies, an end). */
  async function tryMessage(text: string, added: number, p: Page = page): Promise<void> {
    const before = await p.locator('#flow-try-log > li').count();
    await p.locator('#flow-try-text').fill(text);
    await p.locator('#flow-try-text').press('Enter');
    await p
      .locator('#flow-try-log > li')
      .nth(before + added - 1)
      .waitFor();
  }
  /** The last `n` replies in the try-it log, oldest first. */
  const lastReplies = async (n: number): Promise<string[]> =>
    (await page.locator('#flow-try-log > li.flow-try-team .bubble').allTextContents()).slice(-n);

  beforeAll(async () => {
    gw = await startTestGateway({ outbound: 'sandbox', webhookPoster: null });
    served = await serveGateway(gw);
    teamId = await gw.createTeam({ numbers: [gw.freshNumber()], open: true });
    await createUser(gw, teamId, MANAGER, 'manager');
    await createUser(gw, teamId, AGENT, 'agent');
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

  it('turns the flow on: urgent with nobody on call is refused on the on-call group, then saved with a number and an email', async () => {
    const watch = watchErrors(page);
    await openFlow();
    expect(await page.getByRole('tab', { name: 'After-hours flow' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#flow-enabled').isChecked()).toBe(false);
    expect(await page.locator('#flow-path-urgent').isChecked()).toBe(false);

    await page.locator('#flow-enabled').check();
    await page.locator('#flow-path-urgent').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#flow-path-urgent').isChecked()).toBe(true);
    await page.locator('#flow-save').press('Enter');
    await page.locator('#flow-status', { hasText: 'Not saved' }).waitFor();
    expect(await page.locator('#flow-oncall').getAttribute('aria-invalid')).toBe('true');
    expect(await activeId()).toBe('flow-oncall');
    expect(await errorOf('#flow-oncall')).toMatch(/^The urgent path pages someone/);
    expect((await readFlow()).enabled).toBe(false);

    // A number and an address, by keyboard: each Add puts the focus on its new input.
    await page.getByRole('button', { name: 'Add a number to On-call numbers' }).press('Enter');
    await page.keyboard.type('+48 600 700 801');
    await page.locator('#flow-email-add').press('Enter');
    expect(await activeId()).toBe('flow-email-0');
    await page.keyboard.type('oncall@example.com');
    await page.locator('#flow-repage').fill('2.5');
    await page.locator('#flow-max-pages').fill('4');
    await page.locator('#flow-save').press('Enter');
    await page.locator('#flow-status', { hasText: /^Saved at/ }).waitFor();
    expect(await page.locator('#flow-oncall').getAttribute('aria-invalid')).toBeNull();
    expect(await readFlow()).toMatchObject({
      enabled: true,
      paths: { message: true, callback: true, urgent: true, faq: true },
      onCall: { numbers: ['+48600700801'], emails: ['oncall@example.com'], repageMinutes: 2.5, maxPages: 4 },
      texts: {},
    });

    // A bad address is refused on its own input.
    await page.locator('#flow-email-0').fill('not an address');
    await page.locator('#flow-save').press('Enter');
    await page.locator('#flow-status', { hasText: 'Not saved' }).waitFor();
    expect(await activeId()).toBe('flow-email-0');
    expect(await errorOf('#flow-email-0')).toBe('Must be an email address');
    await page.locator('#flow-email-0').fill('oncall@example.com');
    watch.stop();
    expect(watch.errors).toEqual([]);
  });

  it('edits a text: the preview shows it as the customer reads it, with its encoding and segments, and warns over two', async () => {
    await openFlow();
    const defaults = (await gw.api('get', `/api/teams/${teamId}/after-hours-flow/texts`).expect(200)).body as {
      locale: string;
      texts: { key: string; default: string; placeholders: string[] }[];
    };
    expect(defaults.locale).toBe('en');
    const askName = page.locator('#flow-text-askName');
    // The texts fold in groups; the first (away message and menu) is open, the questions are not.
    expect(await page.locator('#flow-text-away').isVisible()).toBe(true);
    expect(await askName.isVisible()).toBe(false);
    await page.locator('#flow-texts-questions > summary').press('Enter');
    expect(await askName.isVisible()).toBe(true);
    // Empty: the default shows as the placeholder, and the preview shows the default.
    expect(await askName.inputValue()).toBe('');
    expect(await askName.getAttribute('placeholder')).toBe(defaults.texts.find((d) => d.key === 'askName')!.default);
    expect(await page.locator('#flow-text-askName-preview').textContent()).toBe('What is your name?');
    expect(await page.locator('#flow-text-askName-meta').textContent()).toBe('GSM-7 · 1 segment');
    // The away message with its placeholders filled in.
    expect(await page.locator('#flow-text-away-preview').textContent()).toMatch(
      /^Thanks for writing to .+\. We're away/,
    );

    await askName.fill('Who are we talking to? {{ company_name }} would like your full name.');
    await page.locator('#flow-text-askName-preview', { hasText: /^Who are we talking to\? .+ would like/ }).waitFor();
    expect(await page.locator('#flow-text-askName-preview').textContent()).not.toContain('{{');
    expect(await page.locator('#flow-text-askName-warn').isHidden()).toBe(true);

    // Letters outside GSM-7 and a long text: UCS-2, three segments, and a visible warning.
    await askName.fill(`Jak się nazywasz? ${'Zażółć gęślą jaźń. '.repeat(8)}`);
    await page.locator('#flow-text-askName-meta', { hasText: 'UCS-2 · 3 segments' }).waitFor();
    expect(await page.locator('#flow-text-askName-warn').isVisible()).toBe(true);
    expect(await page.locator('#flow-text-askName-warn').textContent()).toMatch(/takes 3 SMS segments/);
    expect(await page.locator('#flow-texts-questions-warn').textContent()).toBe('1 text over 2 segments');

    // An unknown placeholder: the preview says which text to fix.
    await askName.fill('Hello {{ nope }}');
    await page.locator('#flow-preview-status', { hasText: 'Asks the name' }).waitFor();
    expect(await page.locator('#flow-text-askName-meta').textContent()).toMatch(/nope/);

    // Saved so, in a folded group: the group unfolds and the 422 lands on the text.
    await page.locator('#flow-texts-questions > summary').click();
    expect(await askName.isVisible()).toBe(false);
    await page.locator('#flow-save').press('Enter');
    await page.locator('#flow-status', { hasText: 'Not saved' }).waitFor();
    expect(await activeId()).toBe('flow-text-askName');
    expect(await askName.getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf('#flow-text-askName')).toMatch(/nope/);
    // The try-it box tries the draft as it is, and says which text it cannot use.
    await page.locator('#flow-try-text').fill('hello');
    await page.locator('#flow-try-text').press('Enter');
    await page.locator('#flow-try-status', { hasText: /^Could not try it: Asks the name: .*nope/ }).waitFor();
    expect(await page.locator('#flow-try-log > li').count()).toBe(0);

    await askName.fill('Who are we talking to? Your full name, please.');
    await page.locator('#flow-text-askName-meta', { hasText: 'GSM-7 · 1 segment' }).waitFor();
    expect(await page.locator('#flow-texts-questions-warn').isHidden()).toBe(true);
    // "Start from the default" fills the default in to edit; emptied again, it is left out on save.
    const startFromDefault = page.getByRole('button', { name: 'Start from the default: Away message' });
    await startFromDefault.click();
    expect(await page.locator('#flow-text-away').inputValue()).toContain('{{ company_name }}');
    expect(await activeId()).toBe('flow-text-away');
    // Offered on an empty text only, so it never overwrites the team's own wording.
    expect(await startFromDefault.isHidden()).toBe(true);
    await page.locator('#flow-text-away').fill('  ');
    await page.locator('#flow-save').press('Enter');
    await page.locator('#flow-status', { hasText: /^Saved at/ }).waitFor();
    expect((await readFlow()).texts).toEqual({ askName: 'Who are we talking to? Your full name, please.' });
  });

  it('adds, edits and checks an FAQ entry', async () => {
    await openFlow();
    expect(await page.locator('#faq-list').textContent()).toContain('No entries yet.');
    await page.locator('#faq-question').fill('How do I get a refund?');
    await page.locator('#faq-answer').fill('Write to refunds@example.com with your order number.');
    await page.locator('#faq-keywords').fill('refund, money back');
    expect(await page.locator('#faq-locale').inputValue()).toBe('en');
    await page.locator('#faq-save').press('Enter');
    await page.locator('#faq-status', { hasText: 'Added: How do I get a refund?' }).waitFor();
    expect(await page.locator('#faq-list .faq-entry').count()).toBe(1);
    expect(await page.locator('#faq-question').inputValue()).toBe('');

    // A keyword over 50 characters: the API's 422 (keywords.0) lands on the keywords input.
    await page.locator('#faq-question').fill('Opening hours?');
    await page.locator('#faq-answer').fill('See our site.');
    await page.locator('#faq-keywords').fill('x'.repeat(51));
    await page.locator('#faq-save').press('Enter');
    await page.locator('#faq-status', { hasText: 'Not saved' }).waitFor();
    expect(await page.locator('#faq-keywords').getAttribute('aria-invalid')).toBe('true');
    expect(await activeId()).toBe('faq-keywords');
    expect(await errorOf('#faq-keywords')).toMatch(/50 characters/);
    await page.locator('#faq-keywords').fill('hours');
    await page.locator('#faq-save').press('Enter');
    await page.locator('#faq-status', { hasText: 'Added: Opening hours?' }).waitFor();

    // Edit the second entry, then delete it.
    await page.getByRole('button', { name: 'Edit: Opening hours?' }).click();
    expect(await activeId()).toBe('faq-question');
    await page.locator('#faq-answer').fill('Monday to Friday, 9 to 17.');
    await page.locator('#faq-save').press('Enter');
    await page.locator('#faq-status', { hasText: 'Saved: Opening hours?' }).waitFor();
    const faq = (await gw.api('get', `/api/teams/${teamId}/faq`).expect(200)).body as {
      question: string;
      answer: string;
      keywords: string[];
    }[];
    expect(faq.map((e) => [e.question, e.answer, e.keywords]).sort()).toEqual([
      ['How do I get a refund?', 'Write to refunds@example.com with your order number.', ['refund', 'money back']],
      ['Opening hours?', 'Monday to Friday, 9 to 17.', ['hours']],
    ]);
    await page.getByRole('button', { name: 'Delete: Opening hours?' }).click();
    await page.locator('#faq-status', { hasText: 'Deleted: Opening hours?' }).waitFor();
    expect(await page.locator('#faq-list .faq-entry').count()).toBe(1);
    expect((await gw.api('get', `/api/teams/${teamId}/faq`).expect(200)).body).toHaveLength(1);
  });

  it('walks the try-it box as a customer: hello → the menu, the FAQ path → the answer; nothing is stored', async () => {
    const watch = watchErrors(page);
    await openFlow();
    const tickets = (await gw.api('get', `/api/teams/${teamId}/tickets`).expect(200)).body;

    await tryMessage('hello', 3);
    const [away, menu] = await lastReplies(2);
    expect(away).toMatch(/^Thanks for writing to/);
    expect(menu).toBe('How can we help?\n1 Leave a message\n2 Request a callback\n3 Urgent issue\n4 Search our FAQ');
    // Each reply with its encoding and segments.
    expect(await page.locator('#flow-try-log > li[data-key="menu"] .preview-meta').textContent()).toBe(
      'GSM-7 · 1 segment',
    );

    await tryMessage('4', 2);
    expect(await lastReplies(1)).toEqual(['What is your question? A few words are enough.']);
    await tryMessage('refund please', 3);
    const [answers, found] = await lastReplies(2);
    expect(answers).toContain('Write to refunds@example.com with your order number.');
    expect(found).toBe('Did you find what you need? Reply 1 for yes, 2 for no.');
    await tryMessage('1', 3);
    expect(await lastReplies(1)).toEqual(['Glad we could help. Write any time.']);
    expect(await page.locator('#flow-try-log > li.flow-try-end').textContent()).toBe('The conversation is complete.');

    // Unsaved edits are tried as they are; a new message starts a new conversation.
    await page.locator('#flow-text-menu').fill('What do you need?');
    await tryMessage('hi again', 3);
    expect((await lastReplies(1))[0]).toMatch(/^What do you need\?\n1 Leave a message/);
    await page.locator('#flow-try-reset').press('Enter');
    expect(await page.locator('#flow-try-log > li').count()).toBe(0);
    expect(await activeId()).toBe('flow-try-text');
    expect((await gw.api('get', `/api/teams/${teamId}/tickets`).expect(200)).body).toEqual(tickets);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await tryMessage('hello', 3);
    // The preview follows the unsaved menu too.
    await page.locator('#flow-text-menu-preview', { hasText: /^What do you need\?\n1 Leave a message/ }).waitFor();
    await page.locator('#flow-texts-faq > summary').click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'manage-flow.png'), fullPage: true });
    watch.stop();
    expect(watch.errors).toEqual([]);
  });

  it('agents see the flow read-only, and may try it', async () => {
    const context = await browser.newContext();
    const agentPage = await context.newPage();
    try {
      await signInWithForm(agentPage, served.baseUrl, AGENT);
      await openFlow(agentPage);
      for (const control of [
        '#flow-enabled',
        '#flow-path-urgent',
        '#flow-text-askName',
        '#flow-email-0',
        '#flow-repage',
      ])
        expect(await agentPage.locator(control).isDisabled(), control).toBe(true);
      expect(await agentPage.locator('#flow-text-askName').inputValue()).toBe(
        'Who are we talking to? Your full name, please.',
      );
      expect(await agentPage.getByRole('button', { name: 'Add a number to On-call numbers' }).isDisabled()).toBe(true);
      expect(await agentPage.locator('#flow-save, #faq-form, #faq-list button').count()).toBe(0);
      expect(await agentPage.locator('#faq-list .faq-entry').count()).toBe(1);
      await tryMessage('hello', 3, agentPage);
      expect(await agentPage.locator('#flow-try-log > li[data-key="menu"] .bubble').textContent()).toMatch(
        /^How can we help\?/,
      );
    } finally {
      await context.close();
    }
  });
});
