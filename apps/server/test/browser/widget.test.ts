import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TestServer } from '../test-server';
import { demoServer, hasChromium, launch, pixelDifference } from './browser';

describe.runIf(hasChromium)('the widget in Chromium, on the demo store', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server } = await demoServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const launcher = (page: Page) => page.getByTestId('sportello-launcher');
  const messages = (page: Page) => page.getByTestId('sportello-message');

  /** Opens the chat, unless it reopened by itself (it stays open across the pages of a tab). */
  async function openChat(page: Page): Promise<void> {
    await launcher(page).waitFor({ state: 'visible' });
    if ((await launcher(page).getAttribute('aria-expanded')) !== 'true') await launcher(page).click();
    await page.getByTestId('sportello-panel').waitFor({ state: 'visible' });
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByTestId('sportello-input').fill(text);
    await page.getByTestId('sportello-input').press('Enter');
  }

  it('shows the launcher having loaded only the script and the config: no socket, cookie or storage', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const sockets: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
    page.on('websocket', (w) => sockets.push(w.url()));
    await page.goto(`${server.url}/demo/`);
    await launcher(page).waitFor({ state: 'visible' });
    await page.waitForTimeout(1000);
    expect(requests.filter((r) => !r.startsWith('/demo/') && r !== '/favicon.ico')).toEqual(['/widget.js', '/api/v1/widget/config?site=demo']);
    expect(sockets).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate('[localStorage.length, sessionStorage.length]')).toEqual([0, 0]);
    expect(await page.evaluate('Object.keys(window).filter((k) => /sportello/i.test(k))')).toEqual(['Sportello']);
    await context.close();
  });

  it('opens, sends, gets the bot’s reply, and keeps the conversation across a reload and a navigation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await send(page, 'How long does delivery take to Milan?');
    await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 10_000 }).toMatch(/working day/i);
    const before = await messages(page).count();
    expect(before).toBeGreaterThanOrEqual(2);
    // Every bubble sits inside the message list, one under the other (no launcher style leaks onto them).
    const list = (await page.getByTestId('sportello-messages').boundingBox())!;
    const boxes = await Promise.all((await messages(page).all()).map(async (m) => (await m.boundingBox())!));
    for (const [i, box] of boxes.entries()) {
      expect(box.x).toBeGreaterThanOrEqual(list.x);
      expect(box.x + box.width).toBeLessThanOrEqual(list.x + list.width + 1);
      if (i > 0) expect(box.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height - 1);
    }
    // The article heading the bot quotes is bold, not raw Markdown.
    expect(await messages(page).last().locator('strong').count()).toBeGreaterThan(0);
    expect(await messages(page).allTextContents()).not.toContainEqual(expect.stringContaining('**'));

    await page.reload();
    await openChat(page);
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBe(before);
    await page.goto(`${server.url}/demo/product.html`);
    await openChat(page);
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBe(before);
    await context.close();
  });

  it('shows markup a shopper types as text, never as HTML', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await send(page, hostile);
    await expect.poll(async () => messages(page).allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining(hostile));
    expect(await page.getByTestId('sportello-messages').locator('img, script').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('looks the same on the hostile-CSS page as on the clean one', async () => {
    const shots: Buffer[][] = [];
    for (const path of ['/demo/', '/demo/hostile.html']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await launcher(page).waitFor({ state: 'visible' });
      const closed = await launcher(page).screenshot({ animations: 'disabled' });
      await openChat(page);
      await page.waitForTimeout(400);
      const panel = await page.getByTestId('sportello-panel').screenshot({ animations: 'disabled' });
      shots.push([closed, panel]);
      await context.close();
    }
    const [clean, hostile] = shots as [Buffer[], Buffer[]];
    // The launcher is a pill (its ends are 28 px corners); the panel has 16 px corners.
    expect(pixelDifference(clean[0]!, hostile[0]!, 28)).toBeLessThan(0.005);
    expect(pixelDifference(clean[1]!, hostile[1]!, 16)).toBeLessThan(0.005);
  });
});
