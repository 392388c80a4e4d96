import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestGateway } from './test-gateway.js';
import { PASSWORD } from './panel-session.js';

// Debian's Chromium; CI installs it (.ci/run). A missing browser fails the test: it is never skipped.
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium, or an error that says how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (CI does this in .ci/run)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The gateway's app on a free local port; the sign-in form accepts the Origin it was served from. */
export async function serveGateway(gw: TestGateway): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer(gw.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Script errors and failed requests other than the 4xx answers a test provokes on purpose. */
export function watchErrors(page: Page): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onPageError = (err: Error) => errors.push(err.message);
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) errors.push(msg.text());
  };
  page.on('pageerror', onPageError);
  page.on('console', onConsole);
  return {
    errors,
    stop() {
      page.off('pageerror', onPageError);
      page.off('console', onConsole);
    },
  };
}

/** Signs in through the form, as a person would, and lands on /manage. */
export async function signInWithForm(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/manage/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/manage`), page.getByRole('button', { name: 'Sign in' }).click()]);
}
