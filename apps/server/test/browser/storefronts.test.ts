import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { desc, eq } from 'drizzle-orm';
import { conversations, sites } from '@sportello/db';
import { ok, request, type TestServer } from '../test-server';
import { allowOrigin, demoServer, hasChromium, launch, launcher, messages, panel, pixelDifference, storefront } from './browser';

/**
 * The widget on storefronts that fight it: page-wide custom properties, transformed or contained
 * ancestors, page zoom, right-to-left pages, overlays at the top z-index, a strict
 * Content-Security-Policy, small viewports. Each page is compared with a plain one: the launcher
 * and the panel are where they belong, look the same, and the chat works.
 */
describe.runIf(hasChromium)('the widget on hostile storefronts, in Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let siteId: string;
  let browser: Browser;
  const VIEWPORT = { width: 1280, height: 800 };

  beforeAll(async () => {
    ({ server, siteId } = await demoServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });


  /** A shop page with the README's snippet; `head` and `body` add the page's own hostile parts. */
  const shop = (head = '', body = '', html = 'lang="en"', siteKey = 'demo') =>
    `<!doctype html><html ${html}><head><meta charset="utf-8"><title>Shop</title>${head}</head><body><h1>Linen shirts</h1><p>Our summer collection.</p>${body}
    <script async src="${server.url}/widget.js" data-site="${siteKey}"></script></body></html>`;

  interface Look {
    launcher: { box: Box; shot: Buffer };
    panel: { box: Box; shot: Buffer };
  }
  type Box = { x: number; y: number; width: number; height: number };

  async function boxOf(locator: Locator): Promise<Box> {
    const box = await locator.boundingBox();
    expect(box).not.toBeNull();
    return box!;
  }

  /** Opens a storefront page (allowed for the demo site) and runs `fn` on it. */
  async function onStore<T>(html: string, fn: (page: Page, context: BrowserContext) => Promise<T>, options: { headers?: (origin: string) => Record<string, string>; viewport?: { width: number; height: number } } = {}): Promise<T> {
    const store = await storefront(html, options.headers);
    try {
      await allowOrigin(server, siteId, store.origin);
      const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORT });
      try {
        const page = await context.newPage();
        await page.goto(store.origin);
        return await fn(page, context);
      } finally {
        await context.close();
      }
    } finally {
      store.close();
    }
  }

  /** Where the launcher and the open panel are, and how they look (the launcher opened by a real click). */
  async function look(page: Page): Promise<Look> {
    await launcher(page).waitFor({ state: 'visible' });
    const closed = { box: await boxOf(launcher(page)), shot: await launcher(page).screenshot({ animations: 'disabled' }) };
    // A real click at the launcher's centre: Playwright refuses when something else would get it.
    await launcher(page).click({ timeout: 10_000 });
    await panel(page).waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    const open = { box: await boxOf(panel(page)), shot: await panel(page).screenshot({ animations: 'disabled' }) };
    return { launcher: closed, panel: open };
  }

  let clean: Look;
  const near = (a: Box, b: Box) => expect([a.x, a.y, a.width, a.height].map(Math.round)).toEqual([b.x, b.y, b.width, b.height].map(Math.round));

  function same(hostile: Look): void {
    near(hostile.launcher.box, clean.launcher.box);
    near(hostile.panel.box, clean.panel.box);
    // The launcher is a pill (its ends are 28 px corners); the panel has 16 px corners.
    expect(pixelDifference(clean.launcher.shot, hostile.launcher.shot, 28)).toBeLessThan(0.005);
    expect(pixelDifference(clean.panel.shot, hostile.panel.shot, 16)).toBeLessThan(0.005);
  }

  async function chats(page: Page): Promise<void> {
    await page.getByTestId('sportello-input').fill('Do you accept PayPal?');
    await page.getByTestId('sportello-send').click({ timeout: 10_000 });
    await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 10_000 }).toMatch(/PayPal[\s\S]*PayPal/);
  }

  beforeAll(async () => {
    clean = await onStore(shop(), look);
    // In the corner of the viewport, where the site puts it (right).
    expect(Math.round(clean.launcher.box.x + clean.launcher.box.width)).toBe(VIEWPORT.width - 20);
    expect(Math.round(clean.launcher.box.y + clean.launcher.box.height)).toBe(VIEWPORT.height - 20);
  });

  const tall = '<p style="height:3000px">…</p>';
  const cases: [string, string, string?, string?][] = [
    ['custom properties set on every element, the host included', '<style>*,:root,:host,sportello-widget{--c:#ff0000!important;--t:#00ff00!important;--x:1}</style>'],
    ['a transform on body, on a long page', '<style>body{transform:translateX(0)}</style>', tall],
    ['a filter on body', '<style>body{filter:saturate(1.01)}</style>', tall],
    ['perspective on body', '<style>body{perspective:400px}</style>', tall],
    ['contain and will-change on body', '<style>body{contain:paint;will-change:transform}</style>', tall],
    ['a transform on html itself', '<style>html{transform:translateZ(0)}</style>', tall],
    ['a right-to-left page', '<style>body{direction:rtl;text-align:right}</style>', '<p>مرحبا</p>', 'dir="rtl" lang="ar"'],
    ['global rules on everything', '<style>*{all:revert;font:30px serif!important;color:red!important;line-height:3!important;letter-spacing:4px!important} button,div,span{display:block!important;position:static!important;transform:rotate(3deg)!important}</style>'],
  ];
  for (const [name, head, body, html] of cases) {
    it(`looks and sits the same, and chats, on a page with ${name}`, async () => {
      await onStore(shop(head, body, html), async (page) => {
        if (body === tall) await page.mouse.wheel(0, 1200); // scrolled: the corner is the viewport's
        same(await look(page));
        await chats(page);
      });
    });
  }

  it('takes clicks under an overlay at the maximum z-index (a cookie bar), and stays above it', async () => {
    // The bar comes late, as consent scripts do: after the widget, at the end of the body.
    const overlay = `<script>addEventListener('load', () => setTimeout(() => {
      const bar = document.createElement('div');
      bar.id = 'cookies';
      bar.textContent = 'We use cookies';
      bar.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.01)';
      document.body.append(bar);
    }, 300));</script>`;
    await onStore(shop('', overlay), async (page) => {
      await page.locator('#cookies').waitFor({ state: 'attached' });
      same(await look(page));
      await chats(page);
      // What is at the launcher's place is the widget, not the page's overlay.
      const { x, y, width, height } = clean.launcher.box;
      expect(await page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.tagName.toLowerCase(), [x + width / 2, y + height / 2])).toBe('sportello-widget');
    });
  });

  it('without popovers (browsers before the top layer), still sits in the corner of a transformed body and above a late overlay', async () => {
    const overlay = `<style>body{transform:translateX(0)}</style><script>delete HTMLElement.prototype.showPopover;
      addEventListener('load', () => setTimeout(() => {
        const bar = document.createElement('div');
        bar.id = 'cookies';
        bar.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.01)';
        document.body.append(bar);
      }, 300));</script>`;
    await onStore(shop(overlay, tall), async (page) => {
      await page.locator('#cookies').waitFor({ state: 'attached' });
      await page.mouse.wheel(0, 1200);
      expect(await page.evaluate(() => document.querySelector('sportello-widget')?.matches(':popover-open'))).toBe(false);
      same(await look(page));
      await chats(page);
    });
  });

  it("works on a page with a strict Content-Security-Policy given only the README's directives", async () => {
    const wsOrigin = server.url.replace(/^http/, 'ws');
    // The README's list for a storefront whose policy is strict: the Sportello origin for scripts
    // and connections, 'self' for styles (the widget adds none the policy would block).
    const headers = () => ({
      'content-security-policy': `default-src 'self'; script-src 'self' ${server.url}; style-src 'self'; connect-src 'self' ${server.url} ${wsOrigin}; img-src 'self' data: ${server.url}; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'`,
    });
    await onStore(
      shop(),
      async (page) => {
        const violations: string[] = [];
        page.on('console', (m) => /Content Security Policy|Trusted Type/i.test(m.text()) && violations.push(m.text()));
        page.on('pageerror', (e) => violations.push(e.message));
        same(await look(page));
        await chats(page);
        expect(violations).toEqual([]);
      },
      { headers },
    );
  });

  it('keeps the header and the close button on screen under page zoom and on short or narrow viewports', async () => {
    for (const [head, viewport] of [
      ['<style>html{zoom:1.5}</style>', VIEWPORT],
      ['<style>body{zoom:2}</style>', VIEWPORT],
      ['', { width: 1280, height: 420 }],
      ['', { width: 700, height: 500 }],
      ['<style>html{zoom:1.25}</style>', { width: 375, height: 667 }],
    ] as const) {
      await onStore(
        shop(head),
        async (page) => {
          await launcher(page).click({ timeout: 10_000 });
          await panel(page).waitFor({ state: 'visible' });
          await page.waitForTimeout(300);
          const box = await boxOf(panel(page));
          const where = `${head || 'no zoom'} at ${viewport.width}×${viewport.height}`;
          expect(box.y, where).toBeGreaterThanOrEqual(0);
          expect(box.x, where).toBeGreaterThanOrEqual(0);
          expect(box.y + box.height, where).toBeLessThanOrEqual(viewport.height + 0.5);
          expect(box.x + box.width, where).toBeLessThanOrEqual(viewport.width + 0.5);
          const input = await boxOf(page.getByTestId('sportello-input'));
          expect(input.y + input.height, where).toBeLessThanOrEqual(viewport.height + 0.5);
          await page.getByTestId('sportello-close').click({ timeout: 10_000 });
          await panel(page).waitFor({ state: 'hidden' });
        },
        { viewport },
      );
    }
  });

  /** Replaces some of the demo site's settings, effective at once; returns a function that puts them back. */
  async function setSettings(patch: Record<string, unknown>): Promise<() => Promise<void>> {
    const [site] = await server.services.db.select().from(sites).where(eq(sites.id, siteId));
    const before = site!.settings;
    const put = async (settings: typeof before) => {
      await server.services.db.update(sites).set({ settings }).where(eq(sites.id, siteId));
      server.services.sites.invalidate();
    };
    await put({ ...before, ...patch });
    return () => put(before);
  }

  it('shows the away notice only while nobody can answer: it follows agents coming online and going away live, and hides while an agent has the chat', async () => {
    const restore = await setSettings({ businessHours: {} }); // open around the clock: only presence decides
    const away = (page: Page) => page.getByTestId('sportello-away');
    await onStore(shop(), async (page) => {
      await launcher(page).click();
      await away(page).waitFor({ state: 'visible' });
      const agent = await server.createAgent([siteId]);
      const socket = await server.connectAgent(agent);
      ok(await request(socket, 'presence:set', { presence: 'online' }));
      await away(page).waitFor({ state: 'detached', timeout: 10_000 });
      ok(await request(socket, 'presence:set', { presence: 'away' }));
      await away(page).waitFor({ state: 'visible', timeout: 10_000 });
      // The agent takes this chat over while marked away: they are here, so no notice.
      await page.getByTestId('sportello-input').fill('I need a person please');
      await page.getByTestId('sportello-input').press('Enter');
      await expect.poll(() => messages(page).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const [latest] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
      ok(await request(socket, 'conversation:takeover', { conversationId: latest!.id }));
      ok(await request(socket, 'message:send', { conversationId: latest!.id, clientId: 'agent-here', body: 'Hi, Marta here.' }));
      await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 10_000 }).toContain('Marta here');
      await away(page).waitFor({ state: 'detached', timeout: 10_000 });
      socket.disconnect();
    }).finally(restore);
  });

  it("says when a person is back in the store's time zone, named", async () => {
    // Open one hour a week, on a day that is not today in Rome: the notice names that opening.
    const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    const romeDay = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'Europe/Rome' }).format(new Date()).toLowerCase().slice(0, 3);
    const other = days[(days.indexOf(romeDay) + 3) % 7]!;
    const restore = await setSettings({ timeZone: 'Europe/Rome', businessHours: { [other]: { open: '09:00', close: '10:00' } } });
    const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'America/New_York', locale: 'en-US' });
    const store = await storefront(shop());
    try {
      await allowOrigin(server, siteId, store.origin);
      const page = await context.newPage();
      await page.goto(store.origin);
      await launcher(page).click();
      const line = await page.getByTestId('sportello-next-opening').textContent();
      const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'long' }).format(new Date(Date.UTC(2026, 10, 1 + days.indexOf(other)))); // 1 Nov 2026 was a Sunday
      // 09:00 in Rome, not the shopper's New York time, and the zone is named.
      expect(line).toMatch(new RegExp(`${weekday}.*9:00\\sAM Central European (Standard |Summer )?Time`));
    } finally {
      await context.close();
      store.close();
      await restore();
    }
  });

  it('sits where the site puts it (side and offsets) and stays away from the pages the site hides it on', async () => {
    const restore = await setSettings({ position: 'left', launcherOffset: { bottom: 90, side: 40 }, hideOn: ['/checkout*', '/account/*/orders'] });
    const store = await storefront(shop());
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      await allowOrigin(server, siteId, store.origin);
      const page = await context.newPage();
      await page.goto(`${store.origin}/products/linen-shirt`);
      const box = await boxOf(launcher(page));
      expect(Math.round(box.x)).toBe(40);
      expect(Math.round(box.y + box.height)).toBe(VIEWPORT.height - 90);
      await launcher(page).click();
      const open = await boxOf(panel(page));
      expect(Math.round(open.x)).toBe(40);
      expect(open.y + open.height).toBeLessThanOrEqual(box.y);
      for (const path of ['/checkout', '/checkout/step-2?x=1', '/account/42/orders']) {
        await page.goto(`${store.origin}${path}`);
        await page.waitForTimeout(800);
        expect([path, await page.locator('sportello-widget').count()]).toEqual([path, 0]);
      }
      // Not hidden: a path that only looks alike.
      await page.goto(`${store.origin}/account/42/orders/7`);
      await launcher(page).waitFor({ state: 'visible' });
    } finally {
      await context.close();
      store.close();
      await restore();
    }
  });

  it("tells how soon the team usually replies, measured, then shows the answering agent's chosen name and picture, or initials", async () => {
    const team = await server.createSite({ botEnabled: false });
    const agent = await server.createAgent([team.id]);
    await server.services.auth.setDisplayName(agent.id, 'Marta Rossi');
    const face = new PNG({ width: 8, height: 8 });
    face.data.fill(90);
    await server.services.auth.setAvatar(agent.id, { type: 'image/png', data: PNG.sync.write(face).toString('base64') });
    const console_ = await server.connectAgent(agent);
    // Five chats the team answered (within a minute each): enough for a figure.
    for (let i = 0; i < 5; i++) {
      const { socket } = await server.connectVisitor(team);
      const conversationId = await server.startConversation(socket);
      ok(await request(socket, 'message:send', { conversationId, clientId: `q-${i}`, body: 'Is anyone there?' }));
      ok(await request(console_, 'message:send', { conversationId, clientId: `a-${i}`, body: 'Yes, hello!' }));
      socket.disconnect();
    }
    ok(await request(console_, 'presence:set', { presence: 'online' }));
    const store = await storefront(shop('', '', 'lang="en"', team.key));
    // Slow machines (CI runs the browser files side by side): each step waits up to 15 s.
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      await allowOrigin(server, team.id, store.origin);
      const page = await context.newPage();
      await page.goto(store.origin);
      await launcher(page).click();
      await expect.poll(() => page.getByTestId('sportello-replies').textContent(), { timeout: 15_000 }).toBe('Usually replies in 1 min');
      await page.getByTestId('sportello-input').fill('Do you have the shirt in XL?');
      await page.getByTestId('sportello-input').press('Enter');
      const [latest] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, team.id)).orderBy(desc(conversations.createdAt)).limit(1);
      await expect.poll(async () => (await messages(page).allTextContents()).join('\n'), { timeout: 15_000 }).toContain('XL');
      ok(await request(console_, 'message:send', { conversationId: latest!.id, clientId: 'answer', body: 'We do, in white and blue.' }));
      await expect.poll(() => page.getByTestId('sportello-title').textContent(), { timeout: 15_000 }).toBe('Marta Rossi');
      // Their picture, from Sportello's origin (the storefront's CSP already allows it).
      const avatar = page.getByTestId('sportello-agent-avatar');
      expect(await avatar.evaluate((el) => el.tagName)).toBe('IMG');
      await expect.poll(() => avatar.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBe(8);
      expect(await avatar.getAttribute('src')).toMatch(new RegExp(`^${server.url}/api/v1/widget/avatars/${agent.id}/[0-9a-f]{16}$`));
      // Removed while this browser's copy of the config (cached a minute) still names it: the
      // initials, once the picture does not load.
      await server.services.auth.setAvatar(agent.id, null);
      // The same shopper (their stored chat), in a browser without cached files.
      const fresh = await browser.newContext({ viewport: VIEWPORT, storageState: await context.storageState() });
      try {
        const again = await fresh.newPage();
        await again.route('**/api/v1/widget/config*', async (route) => {
          const response = await route.fetch();
          const config = await response.json();
          await route.fulfill({ response, json: { ...config, avatars: { [agent.id]: '0123456789abcdef' } } });
        });
        await again.goto(store.origin);
        await launcher(again).click();
        await expect.poll(() => again.getByTestId('sportello-agent-avatar').textContent(), { timeout: 15_000 }).toBe('MR');
      } finally {
        await fresh.close();
      }
      expect(await page.getByTestId('sportello-replies').count()).toBe(0);
    } finally {
      console_.disconnect();
      await context.close();
      store.close();
    }
  });
});
