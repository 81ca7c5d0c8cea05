import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { desc, eq, gte } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { agents as agentRows, agentSessions, cannedReplies, conversations, messages as messageRows, siteAgents, visitors } from '@sportello/db';
import type { TestServer } from '../test-server';
import { RETURN_FOR_APPROVAL, converse, demoServer, hasChromium, launch, say, shopperSees } from './browser';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * The console in Chromium, with the built widget on the demo store on the other side: a shopper
 * the bot cannot help asks for a person; two agents; takeover, note, reply, resolve, rating, report.
 */
describe.runIf(hasChromium)('the agent console in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let siteId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ server, siteId } = await demoServer());
    browser = await launch();
    const dana = await server.services.auth.createAgent({ email: 'dana@example.com', name: 'Dana', password: 'dana-password', role: 'agent' });
    await server.services.db.insert(siteAgents).values({ siteId, agentId: dana.id });
    await server.services.db.insert(cannedReplies).values({ siteId, shortcut: 'giftcard', body: 'Gift cards can be used at checkout, together with any other payment.' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function page(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    // Desktop notifications, as the console raises them, recorded (headless Chromium shows none).
    await context.addInitScript(() => {
      const shown: string[] = [];
      Object.assign(window, { shownNotifications: shown });
      Object.defineProperty(window, 'Notification', {
        value: class {
          static permission = 'granted';
          static requestPermission = async () => 'granted';
          onclick: unknown = null;
          constructor(title: string) {
            shown.push(title);
          }
        },
      });
    });
    return context.newPage();
  }

  const notifications = (p: Page) => p.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);

  async function signIn(email: string, password: string): Promise<Page> {
    const agent = await page();
    await agent.goto(`${server.url}/console/`);
    await agent.getByLabel('Email').fill(email);
    await agent.getByLabel('Password').fill(password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByTestId('view-queued').waitFor();
    return agent;
  }

  /** A shopper on the demo store with the chat open. */
  async function openChat(): Promise<Page> {
    const shopper = await page({ width: 1000, height: 800 });
    await shopper.goto(`${server.url}/demo/`);
    await shopper.getByTestId('sportello-launcher').click();
    return shopper;
  }


  it('refuses a wrong password with a clear message, and is served with a strict CSP', async () => {
    const agent = await page();
    const response = await agent.goto(`${server.url}/console/`);
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    const violations: string[] = [];
    agent.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await agent.getByLabel('Email').fill('admin@example.com');
    await agent.getByLabel('Password').fill('not-the-password');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agent.getByRole('alert').textContent()).toContain('Wrong email or password');
    expect(violations).toEqual([]);
  });

  it('shows a first visit the sign-in form, and "session ended" only when a session this browser had is gone', async () => {
    const agent = await page();
    agent.setDefaultTimeout(8000);
    const alert = agent.getByRole('alert');
    const form = agent.getByTestId('login-form');
    const signInHere = async () => {
      await agent.getByLabel('Email').fill('admin@example.com');
      await agent.getByLabel('Password').fill('admin-password');
      await agent.getByRole('button', { name: 'Sign in' }).click();
      await agent.getByTestId('sign-out').waitFor();
      await agent.waitForLoadState('networkidle'); // the first lists and counts are in
    };
    const expireSessionsSince = (since: Date) => server.services.db.update(agentSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(gte(agentSessions.createdAt, since));

    // A first visit, and the same again after a reload: the form, nothing about a session.
    await agent.goto(`${server.url}/console/`);
    await form.waitFor();
    expect(await alert.count()).toBe(0);
    await agent.reload();
    await form.waitFor();
    expect(await alert.count()).toBe(0);

    // Signed in, then the session expires while the console is open: the next request says so.
    let since = new Date();
    await signInHere();
    await expireSessionsSince(since);
    // The next request says so: the click on Reports, or one the console made on its own first
    // (which takes the navigation away before the click lands).
    await Promise.any([agent.getByTestId('nav-reports').click(), form.waitFor()]);
    await form.waitFor();
    expect(await alert.textContent()).toBe('Your session has ended. Sign in again.');

    // Signed in again, the console closed, the session expired meanwhile: the next visit says so.
    since = new Date();
    await signInHere();
    await agent.goto('about:blank');
    await expireSessionsSince(since);
    await agent.goto(`${server.url}/console/`);
    await form.waitFor();
    expect(await alert.textContent()).toBe('Your session has ended. Sign in again.');

    // Signing out is not a session that ended: the plain form, now and on the next visit.
    await signInHere();
    await agent.getByTestId('sign-out').click();
    await form.waitFor();
    await agent.waitForTimeout(300); // the socket the server drops on logout must not change that
    expect(await alert.count()).toBe(0);
    await agent.reload();
    await form.waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('takes a handed-off shopper from the queue to a rated, resolved conversation that the report counts', async () => {
    const admin = await signIn('admin@example.com', 'admin-password');
    const dana = await signIn('dana@example.com', 'dana-password');
    await dana.getByLabel('Notifications').uncheck();
    const violations: string[] = [];
    for (const p of [admin, dana]) p.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await admin.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // The shopper asks something the bot has no answer to, then asks for a person.
    const shopper = await openChat();
    await say(shopper, 'Can my grandmother engrave a poem on the gift box?');
    await expect.poll(async () => (await shopperSees(shopper)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const asked = Date.now();
    await say(shopper, 'I want to talk to a person please');

    // Within a second, without a reload, it is in the queue: in the list, the count and the title.
    const item = admin.getByTestId('conversation-item').first();
    await item.waitFor({ timeout: 1000 });
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(await admin.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await admin.title()).toBe('(1) Sportello');
    expect(await notifications(admin)).toEqual(['A shopper is waiting for a human']);
    // Dana turned notifications off: none for her.
    expect(await notifications(dana)).toEqual([]);
    await expect.poll(() => admin.getByTestId('queued-count').textContent()).toBe('1');
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId));
    const conversationId = row!.id;

    // The whole history, bot turns included, and why the bot handed off.
    await item.click();
    const timeline = admin.getByTestId('timeline');
    await expect.poll(() => timeline.textContent()).toContain('engrave a poem');
    await expect.poll(() => admin.getByTestId('message').count()).toBeGreaterThanOrEqual(4);
    expect(await admin.getByTestId('handoff-reason').textContent()).toContain('asked for a person');
    await admin.screenshot({ path: `${SHOTS}console-queue.png` });

    // A second agent opens it: each sees the other (collision).
    await dana.goto(`${server.url}/console/#/inbox/queued/${conversationId}`);
    await dana.getByTestId('timeline').waitFor();
    await expect.poll(() => admin.getByTestId('viewers').textContent()).toContain('Dana');
    await expect.poll(() => dana.getByTestId('viewers').textContent()).toContain('Admin');

    // Take over with the keyboard; the bot goes silent.
    await admin.keyboard.press('t');
    await expect.poll(() => admin.getByTestId('conversation-status').textContent()).toBe('open');
    await expect.poll(() => server.services.db.select().from(conversations).where(eq(conversations.id, conversationId)).then((r) => r[0]!.assigneeId)).not.toBeNull();
    // The lists' counts follow: one in Mine, none queued.
    await expect.poll(() => admin.getByTestId('count-mine').textContent(), { timeout: 5000 }).toBe('1');
    expect(await admin.getByTestId('count-queued').count()).toBe(0);

    // An internal note, then a reply started with a canned reply (/giftcard).
    await admin.getByTestId('mode-note').click();
    await admin.getByTestId('composer').fill('Regular customer, check the engraving service with the workshop');
    await admin.getByTestId('composer').press('Enter');
    await expect.poll(() => timeline.textContent()).toContain('Regular customer');
    await admin.getByTestId('mode-reply').click();
    await admin.getByTestId('composer').pressSequentially('Hello! /giftc');
    await admin.getByTestId('canned-list').waitFor();
    await admin.getByTestId('composer').press('Tab');
    expect(await admin.getByTestId('composer').inputValue()).toBe('Hello! Gift cards can be used at checkout, together with any other payment.');
    await admin.getByTestId('composer').fill('Hello! Yes, we can engrave the box. Which poem?');

    // Dana starts typing a reply too: the admin is warned before sending.
    await dana.getByTestId('composer').pressSequentially('Hi there');
    await expect.poll(() => admin.getByTestId('typing').textContent()).toContain('Dana is typing a reply');
    await admin.getByTestId('send').click();
    await admin.getByTestId('collision-warning').waitFor();
    await admin.getByRole('button', { name: 'Send anyway' }).click();
    await dana.getByTestId('composer').fill('');

    // The shopper's typing shows live.
    await shopper.getByTestId('sportello-input').pressSequentially('Roses', { delay: 20 });
    await expect.poll(() => admin.getByTestId('typing').textContent()).toContain('is typing');
    await shopper.getByTestId('sportello-input').fill('');

    // The shopper sees the reply, never the note.
    await expect.poll(async () => (await shopperSees(shopper)).join('\n'), { timeout: 10_000 }).toContain('Which poem?');
    expect((await shopperSees(shopper)).join('\n')).not.toContain('Regular customer');
    const stored = await server.services.db.select().from(messageRows).where(eq(messageRows.conversationId, conversationId));
    expect(stored.find((m) => m.body.startsWith('Regular customer'))?.internal).toBe(true);

    // The shopper answers with markup: the console shows it as text.
    const hostile = '<img src=x onerror="window.pwned=1"><b>Roses are red</b>';
    await say(shopper, hostile);
    const last = admin.getByTestId('message').last();
    await expect.poll(() => last.locator('.body').textContent()).toBe(hostile);
    expect(await timeline.locator('img, b').count()).toBe(0);
    expect(await admin.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await admin.evaluate((id) => (location.hash = `#/inbox/mine/${id}`), conversationId);
    await admin.getByTestId('conversation-item').first().waitFor();
    await admin.screenshot({ path: `${SHOTS}console-inbox.png` });

    // Resolve with the keyboard; the shopper rates 5.
    await admin.locator('body').click({ position: { x: 600, y: 300 } });
    await admin.keyboard.press('e');
    await expect.poll(() => admin.getByTestId('conversation-status').textContent()).toBe('resolved');
    await shopper.getByTestId('sportello-star-5').check({ force: true });
    await shopper.getByTestId('sportello-rating-send').click();
    // The thank-you is a message of the conversation (it stays after a reload).
    await shopper.locator('[data-testid="sportello-message"][data-author="system"]').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
    await expect.poll(() => timeline.textContent()).toContain('Rated 5/5');

    // The report for today counts it: volume, first response time, CSAT.
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const report: { conversations: number; firstResponseSeconds: { count: number; median: number }; csat: unknown; handoffReasons: unknown } = await admin.evaluate(
      async ([site, from, to]) => (await fetch(`/api/v1/reports?siteId=${site}&from=${from}&to=${to}`)).json(),
      [siteId, new Date(today.getTime() - 86_400_000).toISOString(), new Date(today.getTime() + 2 * 86_400_000).toISOString()] as const,
    );
    expect(report.conversations).toBe(1);
    expect(report.firstResponseSeconds.count).toBe(1);
    expect(report.firstResponseSeconds.median).toBeGreaterThanOrEqual(0);
    expect(report.csat).toMatchObject({ average: 5, count: 1 });
    expect(report.handoffReasons).toEqual([{ reason: 'requested', count: 1 }]);
    // And the Reports screen for today says the same.
    await admin.getByTestId('nav-reports').click();
    await admin.getByTestId('range-today').click();
    await expect.poll(() => admin.getByTestId('kpi-conversations').textContent()).toBe('1');
    expect(await admin.getByTestId('kpi-csat').textContent()).toBe('5.0 / 5');
    expect(await admin.getByTestId('kpi-first-response').textContent()).not.toBe('—');
    expect(violations).toEqual([]);
  });

  it("shows the bot's turns as the shopper saw them, with the article and section each answer came from, and its cards", async () => {
    const admin = await signIn('admin@example.com', 'admin-password');
    const shopper = await openChat();
    await say(shopper, 'How long does delivery take to Milan?');
    await expect.poll(async () => (await shopperSees(shopper)).join('\n'), { timeout: 10_000 }).toMatch(/working day/i);
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    const conversationId = row!.id;
    // A bot turn with a link, a script link that must stay text, and a product card.
    const bot = { type: 'bot' as const, id: null, name: 'Assistant' };
    await server.services.conversations.send({
      conversationId,
      clientId: 'bot-extra-1',
      author: bot,
      body: '**Linen shirt**\nSee https://shop.example/linen-shirt or javascript:alert(1).',
      payload: {
        card: {
          type: 'product',
          productId: 'linen-shirt',
          title: 'Linen shirt',
          url: 'https://shop.example/products/linen-shirt',
          imageUrl: 'https://shop.example/linen-shirt.jpg',
          currency: 'EUR',
          priceCents: 5900,
          compareAtPriceCents: 7900,
          availability: 'low_stock',
          variant: 'XL',
        },
      },
    });

    await admin.goto(`${server.url}/console/#/inbox/bot/${conversationId}`);
    const answer = admin.getByTestId('message').filter({ hasText: /working day/i }).first();
    await answer.waitFor({ timeout: 10_000 });
    // Bold as in the widget, never the raw Markdown; what the shopper saw, the agent sees.
    expect(await answer.locator('.body strong').count()).toBeGreaterThan(0);
    expect(await admin.getByTestId('timeline').textContent()).not.toContain('**');
    expect((await answer.locator('.body').textContent())!.replace(/\s+/g, ' ')).toBe((await shopper.getByTestId('sportello-message').filter({ hasText: /working day/i }).first().locator('.txt').textContent())!.replace(/\s+/g, ' '));
    // Where the answer came from: the article and its section, linking into the knowledge base.
    const { messages: stored } = await server.services.conversations.replay(conversationId, 0, 'agent');
    const source = stored.find((m) => m.payload?.sources?.length)!.payload!.sources![0]!;
    const line = answer.getByTestId('message-sources');
    expect(await line.textContent()).toBe(`From ${source.title}${source.section ? ` › ${source.section}` : ''}`);
    expect(await line.locator('a').getAttribute('href')).toBe(`#/kb/${source.articleId}`);
    // The shopper never sees it.
    expect((await shopperSees(shopper)).join('\n')).not.toContain(`From ${source.title}`);

    // The extra turn: one http link opened safely, the script scheme left as text, the product card.
    const extra = admin.getByTestId('message').last();
    await expect.poll(() => extra.locator('.body strong').textContent()).toBe('Linen shirt');
    expect(await extra.locator('.body a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]))).toEqual([
      ['https://shop.example/linen-shirt', '_blank', 'noopener noreferrer nofollow'],
    ]);
    expect(await extra.locator('.body').textContent()).toContain('javascript:alert(1).');
    const card = extra.getByTestId('card');
    expect(await card.getAttribute('data-card')).toBe('product');
    expect(await card.getByTestId('card-price').textContent()).toMatch(/59[.,]00/);
    expect(await card.locator('s').textContent()).toMatch(/79[.,]00/);
    expect(await card.getByTestId('card-availability').textContent()).toBe('low stock');
    expect(await card.textContent()).toContain('XL');
    expect(await card.getByTestId('card-link').getAttribute('href')).toBe('https://shop.example/products/linen-shirt');
    expect(await extra.getByTestId('message-sources').count()).toBe(0);

    // The source opens the article in the knowledge base.
    await line.locator('a').click();
    await expect.poll(() => admin.getByTestId('kb-title').inputValue(), { timeout: 8000 }).toBe(source.title);
    expect(admin.url()).toContain(`#/kb/${source.articleId}`);
  });

  it("shows the shopper's e-mail in full, on a wide screen beside the chat and on narrower ones over it", async () => {
    const email = 'margherita.bianchi-ferrari@sartoria.shop';
    expect(email).toHaveLength(40);
    const shopper = await openChat();
    await say(shopper, 'Hello, is anyone there?');
    await expect.poll(async () => (await shopperSees(shopper)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    await server.services.db.update(visitors).set({ email, name: null }).where(eq(visitors.id, row!.visitorId));

    const admin = await signIn('admin@example.com', 'admin-password');
    /** The e-mail's text, and whether all of it is inside its box, the sidebar and the window. */
    const shown = () =>
      admin.getByTestId('shopper-email').evaluate((dd) => {
        const aside = dd.closest('aside')!;
        const box = dd.getBoundingClientRect();
        const side = aside.getBoundingClientRect();
        return {
          text: dd.textContent,
          inside: dd.scrollWidth <= dd.clientWidth && aside.scrollWidth <= aside.clientWidth && box.left >= side.left && box.right <= side.right && side.right <= window.innerWidth,
        };
      });
    for (const [width, height] of [
      [1280, 800],
      [1440, 900],
    ]) {
      await admin.setViewportSize({ width: width!, height: height! });
      await admin.goto(`${server.url}/console/#/inbox/bot/${row!.id}`);
      await expect.poll(() => admin.getByTestId('shopper-email').textContent(), { timeout: 8000 }).toBe(email);
      expect(await shown(), `${width} px`).toEqual({ text: email, inside: true });
      expect(await admin.getByTestId('show-shopper').isVisible()).toBe(false);
    }
    // Narrower: no room for the column; the Shopper button opens the details over the conversation.
    for (const [width, height] of [
      [1024, 768],
      [390, 800],
    ]) {
      await admin.setViewportSize({ width: width!, height: height! });
      await admin.goto(`${server.url}/console/#/inbox/bot/${row!.id}`);
      await admin.getByTestId('timeline').waitFor({ timeout: 8000 });
      expect(await admin.getByTestId('sidebar').isVisible()).toBe(false);
      await admin.getByTestId('show-shopper').click();
      await admin.getByTestId('sidebar').waitFor({ state: 'visible', timeout: 8000 });
      expect(await shown(), `${width} px`).toEqual({ text: email, inside: true });
      // The conversation's title is the e-mail too (no name): it wraps instead of running off.
      expect(await admin.locator('.conversation-head h2').evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
      // Closed with its button, or with Escape (the focus went into it), the focus back on Shopper.
      if (width === 390) await admin.keyboard.press('Escape');
      else await admin.getByTestId('hide-shopper').click();
      await admin.getByTestId('sidebar').waitFor({ state: 'hidden', timeout: 8000 });
      expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('show-shopper');
    }
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  it('lists every shortcut on ? and moves through the inbox with j and Enter', async () => {
    const admin = await signIn('admin@example.com', 'admin-password');
    await admin.goto(`${server.url}/console/#/inbox/all`);
    await admin.getByTestId('conversation-item').first().waitFor({ timeout: 8000 });
    await admin.keyboard.press('?');
    await admin.getByTestId('shortcuts').waitFor({ timeout: 8000 });
    expect(await admin.getByTestId('shortcuts').textContent()).toContain('Take over');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('shortcuts').waitFor({ state: 'hidden', timeout: 8000 });
    await admin.keyboard.press('j');
    await admin.locator('[data-testid="conversation-item"].selected').waitFor({ timeout: 8000 });
    await admin.keyboard.press('Enter');
    await admin.getByTestId('conversation').waitFor({ timeout: 8000 });
    expect(admin.url()).toMatch(/#\/inbox\/all\/[0-9a-f-]{36}$/);
    // Search finds the conversation by a word the shopper wrote.
    await admin.keyboard.press('s');
    await admin.keyboard.type('grandmoth');
    await expect.poll(() => admin.getByTestId('conversation-item').count()).toBe(1);
    await admin.getByTestId('inbox-search').fill('no-such-word-anywhere');
    await expect.poll(() => admin.getByTestId('conversation-item').count()).toBe(0);
    await admin.getByTestId('inbox-search').fill('');

    // On a phone: the list alone, then the conversation alone with a way back.
    await admin.setViewportSize({ width: 390, height: 800 });
    await admin.goto(`${server.url}/console/#/inbox/all`);
    await admin.getByTestId('conversation-item').first().waitFor({ timeout: 8000 });
    expect((await admin.getByTestId('conversation-list').boundingBox())!.width).toBeGreaterThan(350);
    await admin.getByTestId('conversation-item').first().click();
    await admin.getByTestId('timeline').waitFor({ timeout: 8000 });
    expect(await admin.getByTestId('conversation-list').isVisible()).toBe(false);
    await admin.getByRole('button', { name: 'Back to the list' }).click();
    await admin.getByTestId('conversation-item').first().waitFor({ timeout: 8000 });
  });

  it('shows the proven order and the return waiting for approval beside the chat, and approves it', async () => {
    const admin = await signIn('admin@example.com', 'admin-password');
    await admin.goto(`${server.url}/console/#/inbox/queued`);
    const shopper = await openChat();
    await converse(shopper, RETURN_FOR_APPROVAL, 10_000);
    const item = admin.getByTestId('conversation-item').first();
    await item.waitFor();
    await item.click();
    expect(await admin.getByTestId('handoff-reason').textContent()).toContain('A return waits for approval');
    // The bot's return card in the history; the order (proven by number and email) and the return beside it.
    await expect.poll(() => admin.getByTestId('card').last().textContent()).toContain('Cotton trench coat');
    const sidebar = admin.getByTestId('sidebar');
    await expect.poll(() => sidebar.getByTestId('order').first().textContent()).toContain('#1010');
    expect(await sidebar.getByTestId('order').first().textContent()).toContain('DHL');
    await expect.poll(() => sidebar.getByTestId('return').first().textContent()).toContain('pending approval');
    await admin.keyboard.press('t');
    await expect.poll(() => admin.getByTestId('conversation-status').textContent()).toBe('open');
    await admin.evaluate(() => (location.hash = location.hash.replace('/queued/', '/mine/')));
    await admin.getByTestId('conversation-item').first().waitFor();
    await admin.screenshot({ path: `${SHOTS}console-sidebar.png` });
    await sidebar.getByTestId('return-approve').click();
    await expect.poll(() => sidebar.getByTestId('return').first().textContent()).toContain('approved');
    await expect.poll(async () => (await shopperSees(shopper)).join(' '), { timeout: 10_000 }).toMatch(/approved/i);

    // Keyboard: Enter on the focused Send button sends (the inbox's own Enter shortcut stays out of it).
    await admin.getByTestId('composer').fill('The label is on its way by e-mail.');
    await admin.getByTestId('composer').press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('send');
    await admin.keyboard.press('Enter');
    await expect.poll(async () => (await shopperSees(shopper)).join(' '), { timeout: 10_000 }).toContain('label is on its way');

    // A filter chosen on another list does not empty "Mine", which has its own assignee.
    await admin.goto(`${server.url}/console/#/inbox/all`);
    await admin.getByTestId('filter-assignee').selectOption('none');
    await admin.goto(`${server.url}/console/#/inbox/mine`);
    await expect.poll(() => admin.getByTestId('conversation-item').count()).toBe(1);
  });

  it('holds every message in both clients without a reload: a lost live event is fetched on the next one, a resync brings the rest, notes leave no hole, a card number shows redacted', async () => {
    const admin = await signIn('admin@example.com', 'admin-password');
    const shopper = await openChat();
    await say(shopper, 'Hello, I have a question about a parcel');
    await expect.poll(async () => (await shopperSees(shopper)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [row] = await server.services.db.select().from(conversations).where(eq(conversations.siteId, siteId)).orderBy(desc(conversations.createdAt)).limit(1);
    const conversationId = row!.id;
    const [me] = await server.services.db.select().from(agentRows).where(eq(agentRows.email, 'admin@example.com'));
    const author = { type: 'agent' as const, id: me!.id, name: me!.name };
    const reply = (clientId: string, body: string, internal = false) => server.services.conversations.send({ conversationId, clientId, body, author, internal });
    await reply('hi-1', 'Hi, I am here.');
    await admin.goto(`${server.url}/console/#/inbox/all/${conversationId}`);
    await expect.poll(() => admin.getByTestId('message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);

    // Live events of messages whose client ids start with "lost-" never leave the server, as when
    // another process published them while Redis was away.
    const real = server.services.notifier;
    server.services.notifier = new Proxy(real, {
      get(target, property) {
        if (property === 'messageStored') {
          return (ref: never, message: { clientId: string }, origin?: string) => (message.clientId.startsWith('lost-') ? undefined : target.messageStored(ref, message as never, origin));
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await reply('lost-1', 'Which order number is it?');
      await reply('note-1', 'Regular customer', true);
      // The shopper writes right after the reply they never got; then the agent answers live.
      await say(shopper, 'It is order 1002');
      await expect.poll(async () => (await shopperSees(shopper)).join('\n')).toContain('It is order 1002');
      await reply('live-1', 'Thanks, looking now.');
      const expected = ['Hi, I am here.', 'Which order number is it?', 'It is order 1002', 'Thanks, looking now.'];
      const tail = async (p: Page, testId: string, n: number) => (await p.getByTestId(testId).allTextContents()).slice(-n).map((t) => t.replace(/\s+/g, ' '));
      // Each line as expected, or the text that is there instead (so a failure shows what the client holds).
      const lines = (got: string[], want: (string | undefined)[]) => got.map((t, i) => (t.includes(want[i]!) ? want[i] : t));
      await expect.poll(async () => lines(await tail(shopper, 'sportello-message', 4), expected), { timeout: 10_000 }).toEqual(expected);
      const withNote = [expected[0], expected[1], 'Regular customer', expected[2], expected[3]];
      await expect.poll(async () => lines(await tail(admin, 'message', 5), withNote), { timeout: 10_000 }).toEqual(withNote);
      // The shopper's numbering has no hole where the note is; the console's has the note.
      const shopperSeqs = (await shopper.getByTestId('sportello-message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))))).filter(Boolean);
      expect(shopperSeqs).toEqual(shopperSeqs.map((_, i) => i + 1));
      const agentSeqs = await admin.getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
      expect(agentSeqs).toEqual(agentSeqs.map((_, i) => i + 1));

      // Nothing announced at all, then the server's resync (sent when its Redis link comes back).
      await reply('lost-2', 'It is with the courier.');
      await sleep(300);
      expect((await shopperSees(shopper)).join('\n')).not.toContain('with the courier');
      server.app.io.of('/visitor').local.emit('resync');
      server.app.io.of('/agent').local.emit('resync');
      await expect.poll(async () => (await shopperSees(shopper)).join('\n'), { timeout: 5_000 }).toContain('It is with the courier.');
      await expect.poll(async () => (await admin.getByTestId('message').allTextContents()).join('\n'), { timeout: 5_000 }).toContain('It is with the courier.');
    } finally {
      server.services.notifier = real;
    }

    // Each side sees what was stored, not what it typed: card numbers are gone at once.
    await say(shopper, 'I paid with 4111 1111 1111 1111');
    // Typed text shows while sending; the acked message replaces it with the stored one.
    await expect.poll(async () => (await shopperSees(shopper)).join('\n')).toMatch(/I paid with (?!4111)/);
    expect((await shopperSees(shopper)).join('\n')).not.toContain('4111 1111');
    await admin.getByTestId('composer').fill('Was it 5555 5555 5555 4444?');
    await admin.getByTestId('composer').press('Enter');
    await expect.poll(async () => (await admin.getByTestId('message').allTextContents()).join('\n')).toMatch(/Was it/);
    expect((await admin.getByTestId('message').allTextContents()).join('\n')).not.toContain('5555 5555');

    // A right-to-left override in what the shopper sends is shown as a marker, not obeyed, and
    // control characters (C1 included) are gone; the text stays isolated from the name beside it.
    await say(shopper, 'See invoice_\u202Efdp.exe please\u0085\u009b');
    const last = admin.getByTestId('message').last();
    await expect.poll(() => last.textContent(), { timeout: 5_000 }).toContain('invoice_');
    expect(await last.locator('.hidden-char').allTextContents()).toEqual(['RLO']);
    expect(await last.locator('.body bdi').evaluate((el) => el.textContent)).toBe('See invoice_RLOfdp.exe please');
    await expect.poll(async () => (await shopperSees(shopper)).at(-1)).toContain('See invoice_\u202Efdp.exe please');
    expect((await shopperSees(shopper)).at(-1)).not.toMatch(/[\u0080-\u009f]/);
  });
});
