/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { sites } from '@sportello/db';
import { PNG } from 'pngjs';
import { seedDemo } from '../../src/seed/demo-seed';
import { TestServer } from '../test-server';

/** Debian's Chromium; the browser tests are skipped where it is not installed (CI installs it). */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/** A real server with the demo store seeded, whose storefront pages (on the server's own origin) may use the widget. */
export async function demoServer(env: Record<string, string> = {}): Promise<{ server: TestServer; siteId: string }> {
  const server = await TestServer.start(env);
  const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test', adminEmail: 'admin@example.com', adminPassword: 'admin-password' });
  await allowOrigin(server, siteId, server.url);
  return { server, siteId };
}

/** Adds a storefront origin to a site's allowed origins, effective at once. */
export async function allowOrigin(server: TestServer, siteId: string, origin: string): Promise<void> {
  const [site] = await server.services.db.select().from(sites).where(eq(sites.id, siteId));
  await server.services.db.update(sites).set({ allowedOrigins: [...site!.allowedOrigins, origin] }).where(eq(sites.id, siteId));
  server.services.sites.invalidate();
}

/**
 * A storefront on its own port (so its own origin) serving one HTML page (at any path), with the
 * response headers given (a Content-Security-Policy, say); close it when done.
 */
export async function storefront(html: string | ((origin: string) => string), headers: Record<string, string> | ((origin: string) => Record<string, string>) = {}): Promise<{ origin: string; close: () => void }> {
  let origin = '';
  const store = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(typeof headers === 'function' ? headers(origin) : headers) });
    response.end(typeof html === 'function' ? html(origin) : html);
  });
  await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  return { origin, close: () => store.close() };
}

/**
 * Share of pixels that differ between two PNG screenshots of the same element (1 when the sizes
 * differ). The `corner`-pixel squares at the four corners are left out: there a rounded element
 * lets the page behind it show, which is the page's business, not the widget's.
 */
export function pixelDifference(a: Buffer, b: Buffer, corner = 0): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let different = 0;
  let compared = 0;
  for (let row = 0; row < x.height; row++) {
    for (let col = 0; col < x.width; col++) {
      const nearX = col < corner || col >= x.width - corner;
      const nearY = row < corner || row >= x.height - corner;
      if (nearX && nearY) continue;
      const i = (row * x.width + col) * 4;
      compared++;
      if (Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!) + Math.abs(x.data[i + 2]! - y.data[i + 2]!) > 24) different++;
    }
  }
  return different / compared;
}

/** The widget's launcher, panel and messages on a storefront page. */
export const launcher = (page: Page) => page.getByTestId('sportello-launcher');
export const panel = (page: Page) => page.getByTestId('sportello-panel');
export const messages = (page: Page) => page.getByTestId('sportello-message');

/** Writes a message in the widget's box and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('sportello-input').fill(text);
  await page.getByTestId('sportello-input').press('Enter');
}

/** The texts of the messages the widget shows, oldest first. */
export const shopperSees = (page: Page) => messages(page).allTextContents();

/**
 * A return on the demo store above its auto-approve limit (the trench coat of order 1010, 219 €):
 * what the shopper says, and what the bot's answer to it contains. The bot sums it up, the shopper
 * confirms, the bot registers it waiting for approval and hands off.
 */
export const RETURN_FOR_APPROVAL: [said: string, answered: string][] = [
  ['I want to return the trench coat from order 1010', 'e-mail'],
  ['emma.schmidt@example.com', 'reason'],
  ['It is the wrong size', 'another size'],
  ['A refund please', 'Shall I go ahead'],
  ['Yes', 'approve'],
];

/** Says each line in turn, waiting each time until the messages after it contain the expected text. */
export async function converse(page: Page, dialog: [said: string, answered: string][], timeout: number): Promise<void> {
  for (const [text, expected] of dialog) {
    const before = (await shopperSees(page)).length;
    await say(page, text);
    await expect.poll(async () => (await shopperSees(page)).slice(before).join(' '), { timeout }).toContain(expected);
  }
}

/** Opens the chat, unless it reopened by itself (it stays open across the pages of a tab). */
export async function openChat(page: Page): Promise<void> {
  await launcher(page).waitFor({ state: 'visible' });
  if ((await launcher(page).getAttribute('aria-expanded')) !== 'true') await launcher(page).click();
  await panel(page).waitFor({ state: 'visible' });
}
