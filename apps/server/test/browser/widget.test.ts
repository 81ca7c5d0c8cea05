import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, desc, eq } from 'drizzle-orm';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { conversations, messages as messageRows } from '@sportello/db';
import { TestServer, ok, request } from '../test-server';
import { allowOrigin, demoServer, hasChromium, launch, launcher, messages, openChat, pixelDifference, storefront } from './browser';

describe.runIf(hasChromium)('the widget in Chromium, on the demo store', () => {
  let server: TestServer;
  let browser: Browser;
  let siteId: string;

  beforeAll(async () => {
    ({ server, siteId } = await demoServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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

  it('keeps two tabs of the same shopper in step', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(`${server.url}/demo/`);
    await openChat(first);
    await send(first, 'Do you ship to Norway?');
    await expect.poll(() => messages(first).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const second = await context.newPage();
    await second.goto(`${server.url}/demo/product.html`);
    await openChat(second);
    await expect.poll(() => messages(second).count(), { timeout: 10_000 }).toBe(await messages(first).count());
    await send(second, 'And to Switzerland?');
    await expect.poll(async () => (await messages(first).allTextContents()).join('\n'), { timeout: 10_000 }).toContain('And to Switzerland?');
    await context.close();
  });

  it("shows an agent's reply as an unread badge while the chat is closed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await send(page, 'I need to talk to a person please');
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Escape');
    await page.getByTestId('sportello-panel').waitFor({ state: 'hidden' });
    const [conversation] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    const agent = await server.connectAgent(await server.createAgent([siteId]));
    ok(await request(agent, 'conversation:takeover', { conversationId: conversation!.id }));
    ok(await request(agent, 'message:send', { conversationId: conversation!.id, clientId: 'agent-hello', body: 'Hi, this is Marta from the shop.' }));
    await page.getByTestId('sportello-badge').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByTestId('sportello-badge').textContent()).toBe('1');
    expect(await page.getByTestId('sportello-preview').textContent()).toContain('Marta');
    // Screen readers hear it: a polite status line, not shown on screen, names the reply once.
    const status = page.getByTestId('sportello-announce');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toMatch(/\(1 .+\): Hi, this is Marta from the shop\.$/);
    const box = await status.boundingBox();
    expect((box?.width ?? 0) <= 1 && (box?.height ?? 0) <= 1).toBe(true);
    // Opened, it says nothing more.
    await launcher(page).click();
    await expect.poll(() => status.textContent()).toBe('');
    await context.close();
  });

  it("shows a product card: the picture lazily with its size and name, the price in the shopper's language, the stock and a safe link", async () => {
    // The shop's picture, on a host of its own.
    const picture = new PNG({ width: 8, height: 8 });
    picture.data.fill(200);
    const png = PNG.sync.write(picture);
    const images = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(png);
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const imageUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}/linen-shirt.png`;
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/demo/`);
      await openChat(page);
      await send(page, 'Hello!');
      await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const [conversation] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
      const bot = { type: 'bot' as const, id: null, name: 'Assistant' };
      const product = { type: 'product' as const, productId: 'linen-shirt', currency: 'EUR', variant: null, compareAtPriceCents: null };
      await server.services.conversations.send({
        conversationId: conversation!.id,
        clientId: 'bot-card-1',
        author: bot,
        body: 'The linen shirt in XL: a few are left.',
        payload: { card: { ...product, title: 'Linen shirt', url: 'https://shop.example/products/linen-shirt?variant=4', imageUrl, priceCents: 5900, compareAtPriceCents: 7900, availability: 'low_stock', variant: 'XL' } },
      });
      await server.services.conversations.send({
        conversationId: conversation!.id,
        clientId: 'bot-card-2',
        author: bot,
        body: 'The trench coat is sold out.',
        payload: { card: { ...product, title: 'Trench coat', url: 'javascript:alert(1)', imageUrl: 'javascript:alert(2)', priceCents: 21900, availability: 'out_of_stock' } },
      });

      const cards = page.locator('[data-card="product"]');
      await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(2);
      const shirt = cards.first();
      expect(await shirt.locator('h3').textContent()).toBe('Linen shirt');
      expect(await shirt.textContent()).toContain('XL');
      expect(await shirt.getByTestId('sportello-product-price').textContent()).toBe('€59.00 Was €79.00');
      expect(await shirt.locator('s').textContent()).toBe('Was €79.00');
      expect(await shirt.getByTestId('sportello-product-stock').textContent()).toBe('Only a few left');
      const link = shirt.getByTestId('sportello-product-link');
      expect(await link.getAttribute('href')).toBe('https://shop.example/products/linen-shirt?variant=4');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await link.textContent()).toBe('View product (opens in a new tab)');
      const img = shirt.locator('img');
      expect(await img.evaluate((i) => [i.getAttribute('alt'), i.getAttribute('width'), i.getAttribute('height'), i.getAttribute('loading')])).toEqual(['Linen shirt', '72', '72', 'lazy']);
      await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 5000 }).toBe(8);
      expect((await img.boundingBox())!.width).toBe(72);
      // A script address is neither a link nor a picture.
      const coat = cards.last();
      expect(await coat.locator('a, img').count()).toBe(0);
      expect(await coat.getByTestId('sportello-product-stock').textContent()).toBe('Out of stock');
      expect(await coat.getByTestId('sportello-product-price').textContent()).toBe('€219.00');
      // The card sits inside its bubble, and the bubble inside the list.
      const list = (await page.getByTestId('sportello-messages').boundingBox())!;
      const box = (await shirt.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(list.x + list.width + 1);

      // In Italian: the texts and the price the Italian way.
      await page.evaluate(() => (window as unknown as { Sportello: (...args: unknown[]) => void }).Sportello('setLocale', 'it'));
      await expect.poll(() => shirt.getByTestId('sportello-product-stock').textContent(), { timeout: 5000 }).toBe('Ultimi pezzi disponibili');
      expect(await shirt.getByTestId('sportello-product-price').textContent()).toMatch(/^59,00\s€ Prima 79,00\s€$/);
      expect(await link.textContent()).toBe('Vedi il prodotto (si apre in una nuova scheda)');
      await context.close();
    } finally {
      images.close();
    }
  });

  it('works by keyboard alone: focus goes into the chat and back to the launcher', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await launcher(page).waitFor({ state: 'visible' });
    await launcher(page).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('sportello-panel').waitFor({ state: 'visible' });
    await expect.poll(() => page.evaluate("document.querySelector('sportello-widget').shadowRoot.activeElement?.getAttribute('data-testid')")).toBe('sportello-input');
    await page.keyboard.type('Hello there');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.keyboard.press('Enter');
    await expect.poll(async () => messages(page).allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('Hello there\nsecond line'));
    await page.keyboard.press('Escape');
    await page.getByTestId('sportello-panel').waitFor({ state: 'hidden' });
    expect(await page.evaluate("document.querySelector('sportello-widget').shadowRoot.activeElement?.getAttribute('data-testid')")).toBe('sportello-launcher');
    await context.close();
  });

  it('fills a 375×667 phone screen', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await launcher(page).waitFor({ state: 'visible' });
    const bubble = (await launcher(page).boundingBox())!;
    expect(bubble.x + bubble.width).toBeLessThanOrEqual(375);
    await launcher(page).tap();
    await page.getByTestId('sportello-panel').waitFor({ state: 'visible' });
    // Once its opening animation has run, the panel covers the whole screen.
    await expect.poll(() => page.getByTestId('sportello-panel').boundingBox(), { timeout: 3000 }).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    const composer = (await page.getByTestId('sportello-input').boundingBox())!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(667);
    await context.close();
  });

  it('shows the e-mail the shopper gave the bot in the away notice instead of asking for it, after a reload too', async () => {
    // Nobody of the demo store is online here: the away notice asks for an e-mail.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await page.getByTestId('sportello-email-form').waitFor({ state: 'visible' });
    await send(page, 'I want to talk to a real person');
    await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 10_000 }).toContain("What's your e-mail address");
    await send(page, 'ada.lovelace@example.com');
    const saved = page.getByTestId('sportello-email-saved');
    await saved.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await saved.textContent()).toBe('Thanks! We will write to ada.lovelace@example.com.');
    expect(await page.getByTestId('sportello-email-form').count()).toBe(0);
    await page.reload();
    await openChat(page);
    await saved.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.getByTestId('sportello-email-form').count()).toBe(0);
    // Another browser of the same shopper (only the visitor token in common) is told by the server.
    const token = await page.evaluate(() => localStorage.getItem('sportello:demo:token'));
    const other = await browser.newContext();
    await other.addInitScript((t) => localStorage.setItem('sportello:demo:token', t!), token);
    const elsewhere = await other.newPage();
    await elsewhere.goto(`${server.url}/demo/product.html`);
    await openChat(elsewhere);
    await elsewhere.getByTestId('sportello-email-saved').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await elsewhere.getByTestId('sportello-email-saved').textContent()).toBe('Thanks! We will write to ada.lovelace@example.com.');
    await other.close();
    await context.close();
  });

  it('keeps the thank-you for a rating in the history, after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await send(page, 'Do you ship to Norway?');
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [conversation] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    const agent = await server.connectAgent(await server.createAgent([siteId]));
    ok(await request(agent, 'conversation:takeover', { conversationId: conversation!.id }));
    ok(await request(agent, 'conversation:status', { conversationId: conversation!.id, status: 'resolved' }));
    await page.getByTestId('sportello-star-4').check({ force: true, timeout: 10_000 });
    await page.getByTestId('sportello-rating-send').click();
    const thanks = page.locator('[data-testid="sportello-message"][data-author="system"]');
    await thanks.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await thanks.locator('.txt').textContent()).toBe('Thank you for your feedback!');
    await page.getByTestId('sportello-rating').waitFor({ state: 'detached' });
    await page.reload();
    await openChat(page);
    await thanks.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await thanks.count()).toBe(1);
    expect(await page.getByTestId('sportello-rating').count()).toBe(0);
    expect(await page.getByTestId('sportello-rating-thanks').count()).toBe(0);
    await context.close();
  });

  it('keeps messages sent while the server is down, and delivers them once, in order, when it is back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await send(page, 'first, while online');
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [conversation] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    await server.restart(async () => {
      await send(page, 'second, while the server is down');
      await send(page, 'third, while the server is down');
      await page.waitForTimeout(1500);
    });
    const shopperLines = async () =>
      (await server.services.db.select().from(messageRows).where(eq(messageRows.conversationId, conversation!.id)).orderBy(asc(messageRows.seq)))
        .filter((m) => m.authorType === 'visitor')
        .map((m) => m.body);
    await expect.poll(shopperLines, { timeout: 20_000 }).toEqual(['first, while online', 'second, while the server is down', 'third, while the server is down']);
    await page.waitForTimeout(1000);
    expect(await shopperLines()).toHaveLength(3);
    await context.close();
  });

  it("gives a working chat from the README's snippet on a plain page of another origin the site allows", async () => {
    // The storefront: another server, on another port (so another origin), with only the snippet.
    const store = await storefront(`<!doctype html><html lang="en"><head><title>Plain shop</title></head><body><h1>Plain shop</h1>
        <script async src="${server.url}/widget.js" data-site="demo"></script></body></html>`);
    try {
      await allowOrigin(server, siteId, store.origin);
      const context = await browser.newContext();
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('requestfailed', (r) => failures.push(r.url()));
      await page.goto(store.origin);
      await openChat(page);
      await send(page, 'Do you accept PayPal?');
      await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 10_000 }).toMatch(/PayPal/);
      await expect.poll(() => messages(page).count()).toBeGreaterThanOrEqual(2);
      expect(failures).toEqual([]);
      await context.close();
    } finally {
      store.close();
    }
  });

  it('shows shoppers nothing on an origin the site does not allow, and tells the merchant in one console line what to add where', async () => {
    const store = await storefront(`<!doctype html><html><body><h1>New shop</h1><script async src="${server.url}/widget.js" data-site="demo"></script></body></html>`);
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const lines: string[] = [];
      page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
      const sockets: string[] = [];
      page.on('websocket', (w) => sockets.push(w.url()));
      await page.goto(store.origin);
      await expect.poll(() => lines.filter((l) => l.includes('Sportello')).length, { timeout: 5000 }).toBe(1);
      await page.waitForTimeout(1000);
      const ours = lines.filter((l) => /Sportello/.test(l));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(/^warning: Sportello: This storefront \(http:\/\/127\.0\.0\.1:\d+\) may not show the chat of site "demo"\. An admin adds http:\/\/127\.0\.0\.1:\d+ under Settings → Allowed storefronts/);
      expect(ours[0]).toContain('/console/#/settings/origins');
      expect(await page.locator('sportello-widget').count()).toBe(0);
      expect(sockets).toEqual([]);
      expect(await page.evaluate('localStorage.length')).toBe(0);
      await context.close();
    } finally {
      store.close();
    }
  });

  it('forgets the shopper on shutdown (the store logs them out): nothing stored, and the next person starts a new chat', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);
    await send(page, 'My address is 12 Via Roma, order 1001');
    await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate('Object.keys(localStorage).filter((k) => k.startsWith("sportello:")).length')).toBeGreaterThan(0);
    await page.evaluate("Sportello('shutdown')");
    expect(await page.locator('sportello-widget').count()).toBe(0);
    expect(await page.evaluate('Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter((k) => k.startsWith("sportello:"))')).toEqual([]);
    // The next shopper on this computer: a reload, or the store starting the chat again.
    await page.reload();
    await openChat(page);
    await page.waitForTimeout(500);
    expect((await messages(page).allTextContents()).join('\n')).not.toContain('12 Via Roma');
    await page.evaluate("Sportello('shutdown'); Sportello('init', { site: 'demo' })");
    await openChat(page);
    await page.waitForTimeout(500);
    expect((await messages(page).allTextContents()).join('\n')).not.toContain('12 Via Roma');
    await context.close();
  });

  it('arrives compressed in Chromium: the loader within 3 KB on the wire', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const encodings: string[] = [];
    page.on('response', (r) => r.url().endsWith('/widget.js') && encodings.push(String(r.headers()['content-encoding'])));
    await page.goto(`${server.url}/demo/`);
    await launcher(page).waitFor({ state: 'visible' });
    const entry = (await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/widget.js')).map((e) => ({ encoded: e.encodedBodySize, decoded: e.decodedBodySize }))[0]`)) as { encoded: number; decoded: number };
    expect(encodings[0]).toMatch(/^(br|gzip)$/);
    expect(entry.encoded).toBeLessThanOrEqual(3072);
    expect(entry.decoded).toBeGreaterThan(entry.encoded * 1.8);
    await context.close();
  });

  it('loads once, without errors, when the script is pasted twice (async and defer)', async () => {
    const store = await storefront(`<!doctype html><html lang="it"><body><h1>Negozio</h1>
        <script defer src="${server.url}/widget.js" data-site="demo"></script>
        <script async src="${server.url}/widget.js" data-site="demo"></script></body></html>`);
    try {
      await allowOrigin(server, siteId, store.origin);
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(store.origin);
      await launcher(page).waitFor({ state: 'visible' });
      await page.waitForTimeout(500);
      expect(await page.locator('sportello-widget').count()).toBe(1);
      // The page is Italian: so is the launcher.
      expect(await launcher(page).textContent()).toContain('Scrivici');
      await openChat(page);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      store.close();
    }
  });
  it('keeps unsent messages across a reload and in another tab, showing them as sending, then stores each once and in order', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${server.url}/demo/`);
    await openChat(tab);
    await send(tab, 'Hi there, one question');
    await expect.poll(async () => (await messages(tab).allTextContents()).join('\n'), { timeout: 10_000 }).toContain('Hi there, one question');
    await expect.poll(() => tab.locator('[data-testid="sportello-message"][data-state="sending"]').count()).toBe(0);

    // The server stops answering sends (as a stalled database would): they wait in the outbox.
    const service = server.services.conversations;
    const realSend = service.send;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    service.send = async (...args) => {
      await gate;
      return realSend.apply(service, args);
    };
    const mine = (page: Page) => page.locator('[data-testid="sportello-message"][data-author="visitor"]');
    const sending = (page: Page) => page.locator('[data-testid="sportello-message"][data-author="visitor"][data-state="sending"]');
    try {
      await send(tab, 'second: order 1002');
      await send(tab, 'third: the blue one');
      await expect.poll(() => sending(tab).count()).toBe(2);

      // Another tab of the same shopper shows the same unsent messages, in order.
      const other = await context.newPage();
      await other.goto(`${server.url}/demo/`);
      await openChat(other);
      await expect.poll(async () => (await sending(other).allTextContents()).map((t) => t.includes('second') ? 'second' : t.includes('third') ? 'third' : t)).toEqual(['second', 'third']);

      // A reload keeps them too.
      await tab.reload();
      await openChat(tab);
      await expect.poll(() => sending(tab).count(), { timeout: 5_000 }).toBe(2);
    } finally {
      open();
      service.send = realSend;
    }

    // Sends answered again: each message stored once, in the order written, and both tabs agree.
    const shopperLines = async (page: Page) => (await mine(page).allTextContents()).filter((t) => /Hi there|second|third/.test(t)).map((t) => t.match(/Hi there|second|third/)![0]);
    for (const page of context.pages()) {
      await expect.poll(() => sending(page).count(), { timeout: 15_000 }).toBe(0);
      await expect.poll(() => shopperLines(page), { timeout: 10_000 }).toEqual(['Hi there', 'second', 'third']);
    }
    const [conversation] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    const stored = await server.services.db.select().from(messageRows).where(eq(messageRows.conversationId, conversation!.id)).orderBy(asc(messageRows.seq));
    expect(stored.filter((m) => m.authorType === 'visitor').map((m) => m.body)).toEqual(['Hi there, one question', 'second: order 1002', 'third: the blue one']);
    await context.close();
  }, 60_000);
});
