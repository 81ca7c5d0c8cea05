import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { conversationEvents, conversations, visitors } from '@sportello/db';
import type { TestServer } from '../test-server';
import { demoServer, hasChromium, launch } from './browser';

const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * The console's knowledge base, settings and reports pages in Chromium against the real server:
 * signed in as the demo admin through the login form, each page's result checked through the API.
 */
describe.runIf(hasChromium)('the console’s knowledge base, settings and reports pages', () => {
  let server: TestServer;
  let browser: Browser;
  let siteId: string;
  let page: Page;
  let cookie: string;
  const violations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, siteId } = await demoServer());
    cookie = await server.login('admin@example.com', 'admin-password');
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('admin-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('nav-kb').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A GET of the REST API as the admin. */
  async function api<T>(url: string): Promise<T> {
    const response = await server.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    return response.json() as T;
  }

  const toastSays = (text: string) => page.locator('.toast', { hasText: text }).first().waitFor();

  /** A 1280×800 picture for the README, without the passing toasts, of the top of the page or of its end. */
  async function screenshot(name: string, end: 'top' | 'bottom' = 'top'): Promise<void> {
    await page.locator('.page').evaluate((el, bottom) => el.scrollTo(0, bottom ? el.scrollHeight : 0), end === 'bottom');
    await page.locator('.toasts').evaluate((el) => ((el as HTMLElement).style.visibility = 'hidden'));
    await page.screenshot({ path: `${SHOTS}${name}` });
    await page.locator('.toasts').evaluate((el) => ((el as HTMLElement).style.visibility = ''));
  }

  it('creates an article, finds it in the list, and the bot tester answers from it', async () => {
    await page.getByTestId('nav-kb').click();
    await page.getByTestId('kb-item').first().waitFor();
    await page.getByTestId('kb-new').click();
    await page.getByTestId('kb-title').fill('Loyalty points');
    await page.getByTestId('kb-tags').fill('Loyalty, points');
    await page
      .getByTestId('kb-body')
      .fill('Every purchase earns loyalty points.\n\n## How do loyalty points work?\n\nYou earn **one point per euro** spent; 100 points give a 5 euro voucher at checkout.\n\n- points never expire\n- returns take the points back\n\nSee [the club rules](https://example.com/club) or [this](javascript:alert(1)).');
    // The preview renders the Markdown as elements: a heading, bold, a list, only the http(s) link.
    const preview = page.getByTestId('kb-preview');
    await expect.poll(() => preview.locator('h3').textContent()).toBe('How do loyalty points work?');
    expect(await preview.locator('strong').textContent()).toBe('one point per euro');
    expect(await preview.locator('li').count()).toBe(2);
    expect(await preview.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://example.com/club']);
    await page.getByTestId('kb-save').click();
    await toastSays('Article created');
    await expect.poll(() => page.getByTestId('kb-item').allTextContents()).toContainEqual(expect.stringContaining('Loyalty points'));

    const { articles } = await api<{ articles: { id: string; title: string; tags: string[]; published: boolean }[] }>(`/kb?siteId=${siteId}&q=loyalty%20points`);
    expect(articles).toEqual([expect.objectContaining({ title: 'Loyalty points', tags: ['loyalty', 'points'], published: true })]);

    // The search box filters the list.
    await page.getByTestId('kb-search').fill('loyalty');
    await expect.poll(() => page.getByTestId('kb-item').allTextContents()).toEqual([expect.stringContaining('Loyalty points')]);

    await page.getByTestId('bot-test-question').fill('Do I earn points when I buy?');
    await page.getByTestId('bot-test-ask').click();
    await expect.poll(() => page.getByTestId('bot-test-article').textContent(), { timeout: 10_000 }).toContain('Loyalty points');
    // The article and its section that answer.
    expect(await page.getByTestId('bot-test-article').textContent()).toContain('How do loyalty points work?');
    expect(await page.getByTestId('bot-test-result').textContent()).toContain('5 euro voucher');
    // The reply as the shopper's widget shows it: the heading and the bold words bold, no raw Markdown.
    const reply = page.getByTestId('bot-test-result').locator('.bubble.bot').first();
    expect(await reply.locator('strong').allTextContents()).toEqual(['How do loyalty points work?', 'one point per euro']);
    expect(await reply.textContent()).not.toContain('**');
    await page.getByTestId('kb-search').fill('');
    // The editor's text and preview above, the bot's answer below.
    await screenshot('console-kb.png', 'bottom');

    // Export gives a file the import takes back: the same titles update, nothing is duplicated.
    const exported = page.waitForEvent('download');
    await page.getByTestId('kb-export').click();
    const file = await exported;
    const saved = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { title: string }[];
    expect(file.suggestedFilename()).toMatch(/^knowledge-base-.*\.json$/);
    expect(saved.map((a) => a.title)).toContain('Loyalty points');
    await page.getByTestId('kb-import-file').setInputFiles({ name: 'kb.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await page.getByTestId('confirm-yes').click();
    await toastSays(`Imported: 0 new, ${saved.length} updated`);

    // Asking for a person shows the hand-off and its reason.
    await page.getByTestId('bot-test-reset').click();
    await page.getByTestId('bot-test-question').fill('I want to talk to a person');
    await page.getByTestId('bot-test-ask').click();
    await expect.poll(() => page.getByTestId('bot-test-handoff').textContent(), { timeout: 10_000 }).toContain('asked for a person');
  });

  it('previews the widget as the colour and greeting are typed, saves them, adds a canned reply and invites an agent', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('appearance-form').waitFor();
    await page.getByTestId('appearance-color').fill('#0a7d55');
    await page.getByTestId('appearance-greeting-en').fill('Welcome to Sartoria Aurora! Ask us anything.');
    await page.getByTestId('appearance-position-left').check();
    await page.getByTestId('appearance-offset-bottom').fill('80');
    await page.getByTestId('appearance-offset-side').fill('30');
    await page.getByTestId('appearance-hide-on').fill('/checkout*\naccount/*\n');
    // The preview follows before anything is saved.
    await expect.poll(() => page.getByTestId('preview-launcher').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 125, 85)');
    expect(await page.getByTestId('preview-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 125, 85)');
    expect(await page.getByTestId('preview-greeting').textContent()).toBe('Welcome to Sartoria Aurora! Ask us anything.');
    expect(await page.getByTestId('widget-preview').getAttribute('data-position')).toBe('left');
    const launcher = (await page.getByTestId('preview-launcher').boundingBox())!;
    const frame = (await page.getByTestId('widget-preview').boundingBox())!;
    expect(launcher.x - frame.x).toBeLessThan(frame.width / 2);
    await screenshot('console-settings.png');

    await page.getByTestId('appearance-save').click();
    await toastSays('Widget appearance saved');
    const config = await api<{ color: string; position: string; greeting: Record<string, string> }>('/widget/config?site=demo');
    expect(config).toMatchObject({
      color: '#0a7d55',
      position: 'left',
      greeting: { en: 'Welcome to Sartoria Aurora! Ask us anything.' },
      theme: { c: '#0a7d55', t: '#fff', b: '80px', s: '30px' },
      hideOn: ['^\\/checkout.*$', '^\\/account\\/.*$'],
    });
    // Other stored texts are kept.
    expect(config.greeting.it).toMatch(/^Ciao!/);

    // An address without a scheme is taken as https; the server stores the origin.
    await page.getByTestId('settings-nav-origins').click();
    await page.getByTestId('origin-input').fill('shop.example.com');
    await page.getByTestId('origin-add').click();
    await toastSays('https://shop.example.com added');
    const { sites } = await api<{ sites: { id: string; allowedOrigins: string[] }[] }>('/sites');
    expect(sites.find((s) => s.id === siteId)!.allowedOrigins).toContain('https://shop.example.com');

    // What shoppers may attach: photos only, up to 5 MB; the widget is told.
    await page.getByTestId('settings-nav-general').click();
    await page.getByTestId('general-pdfs').uncheck();
    await page.getByTestId('general-max-mb').fill('30');
    await page.getByTestId('general-save').click();
    await expect.poll(() => page.getByTestId('general-form').getByRole('alert').textContent()).toContain('1 to 25');
    await page.getByTestId('general-max-mb').fill('5');
    await page.getByTestId('general-save').click();
    await toastSays('Site saved');
    expect((await api<{ files: unknown }>('/widget/config?site=demo')).files).toEqual({ maxMb: 5, types: ['image'] });

    await page.getByTestId('settings-nav-canned').click();
    await page.getByTestId('canned-shortcut').fill('/points');
    await page.getByTestId('canned-body').fill('You earn one point per euro; 100 points give a 5 euro voucher.');
    await page.getByTestId('canned-save').click();
    await expect.poll(() => page.getByTestId('canned-row').allTextContents()).toContainEqual(expect.stringContaining('/points'));
    const { cannedReplies } = await api<{ cannedReplies: { shortcut: string; body: string }[] }>(`/canned-replies?siteId=${siteId}`);
    expect(cannedReplies).toContainEqual(expect.objectContaining({ shortcut: 'points', body: 'You earn one point per euro; 100 points give a 5 euro voucher.' }));
    // The same shortcut twice: the server's refusal is shown.
    await page.getByTestId('canned-shortcut').fill('points');
    await page.getByTestId('canned-body').fill('Again');
    await page.getByTestId('canned-save').click();
    await expect.poll(() => page.getByTestId('canned-form').getByRole('alert').textContent()).toContain('/points exists already');

    await page.getByTestId('settings-nav-team').click();
    await page.getByTestId('invite-email').fill('marta@example.com');
    await page.getByTestId('invite-name').fill('Marta');
    await page.getByTestId('invite-submit').click();
    const password = (await page.getByTestId('invite-password').textContent({ timeout: 5000 }))!;
    expect(password.length).toBeGreaterThanOrEqual(10);
    await expect.poll(() => page.getByTestId('team-row').allTextContents()).toContainEqual(expect.stringContaining('marta@example.com'));
    // The invited agent can sign in with the password shown once, on the demo site.
    expect(await server.login('marta@example.com', password)).toMatch(/=/);
    const { agents } = await api<{ agents: { email: string; role: string; siteIds: string[] }[] }>('/agents');
    expect(agents.find((a) => a.email === 'marta@example.com')).toMatchObject({ role: 'agent', siteIds: [siteId] });
  });

  it('lets an agent choose the name and the picture shoppers see, from their name in the top bar', async () => {
    await page.getByTestId('profile-open').click();
    await page.getByTestId('profile-display-name').fill('Giulia dal negozio');
    // A camera's photo: big, not square. It is sent as a 96×96 square the console drew.
    const photo = new PNG({ width: 640, height: 480 });
    photo.data.fill(120);
    await page.getByTestId('profile-avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG.sync.write(photo) });
    await page.getByTestId('profile-avatar-preview').waitFor();
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile').waitFor({ state: 'detached' });
    expect(await page.getByTestId('profile-open').textContent()).toBe('Giulia dal negozio');
    const { agent } = await api<{ agent: { displayName: string | null; avatarUrl: string | null } }>('/auth/me');
    expect(agent.displayName).toBe('Giulia dal negozio');
    const picture = await server.app.inject({ method: 'GET', url: agent.avatarUrl! });
    expect(picture.headers['content-type']).toMatch(/^image\/(webp|png)$/);
    expect(picture.rawPayload.length).toBeLessThan(64 * 1024);
  });

  it('shows the same totals as the reports API', async () => {
    // Four conversations of the last two days: one the bot answered yesterday (nobody came back),
    // one it answered half an hour ago (rated 5 with a comment; still within 24 hours), one handed
    // off and answered by a person (rated 3), one handed off and waiting.
    const db = server.services.db;
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    async function seed(events: { type: string; at: Date; actor?: 'visitor' | 'agent' | 'bot'; data?: Record<string, unknown> }[]): Promise<void> {
      const [visitor] = await db.insert(visitors).values({ siteId, tokenHash: `seed-${Math.random()}` }).returning();
      const [conversation] = await db.insert(conversations).values({ siteId, visitorId: visitor!.id, status: 'bot' }).returning();
      await db.insert(conversationEvents).values(
        events.map((e) => ({ conversationId: conversation!.id, siteId, type: e.type, actorType: e.actor ?? 'agent', data: e.data ?? {}, createdAt: e.at })),
      );
    }
    const botTurn = { intent: 'faq', articleIds: ['00000000-0000-4000-8000-000000000001'], handoff: null };
    await seed([
      { type: 'created', at: ago(30 * 60), actor: 'visitor' },
      { type: 'bot_replied', at: ago(30 * 60 - 1), actor: 'bot', data: botTurn },
    ]);
    await seed([
      { type: 'created', at: ago(30), actor: 'visitor' },
      { type: 'bot_replied', at: ago(29), actor: 'bot', data: botTurn },
      { type: 'status_changed', at: ago(28), actor: 'bot', data: { from: 'bot', to: 'resolved' } },
      { type: 'rated', at: ago(27), actor: 'visitor', data: { rating: 5, comment: 'The bot explained the points' } },
    ]);
    await seed([
      { type: 'created', at: ago(26 * 60), actor: 'visitor' },
      { type: 'status_changed', at: ago(26 * 60 - 2), actor: 'bot', data: { from: 'bot', to: 'queued', reason: 'requested' } },
      { type: 'taken_over', at: ago(26 * 60 - 3) },
      { type: 'first_agent_reply', at: ago(26 * 60 - 6) },
      { type: 'status_changed', at: ago(26 * 60 - 40), data: { from: 'open', to: 'resolved' } },
      { type: 'rated', at: ago(26 * 60 - 41), actor: 'visitor', data: { rating: 3 } },
    ]);
    await seed([
      { type: 'created', at: ago(90), actor: 'visitor' },
      { type: 'status_changed', at: ago(89), actor: 'bot', data: { from: 'bot', to: 'queued', reason: 'low_confidence' } },
    ]);

    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/reports?'));
    await page.getByTestId('nav-reports').click();
    const shown = await answered;
    const query = new URL(shown.url()).searchParams;
    const report = await api<{
      conversations: number;
      perDay: { count: number }[];
      csat: { average: number; count: number };
      botDeflection: { rate: number; resolvedByBot: number; pending: number; cameBack: number };
      handoffReasons: { reason: string; count: number }[];
      firstResponseSeconds: { median: number };
      busiestHours: { count: number }[];
    }>(`/reports?siteId=${siteId}&from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}`);
    expect(report.conversations).toBe(4);

    await expect.poll(() => page.getByTestId('kpi-conversations').textContent()).toBe(String(report.conversations));
    expect(await page.getByTestId('kpi-csat').textContent()).toBe(`${report.csat.average.toFixed(1)} / 5`);
    expect(await page.getByTestId('kpi-deflection').textContent()).toBe(`${Math.round(report.botDeflection.rate * 1000) / 10}%`);
    expect(report.botDeflection).toEqual({ resolvedByBot: 1, pending: 1, cameBack: 0, rate: 0.333 });
    expect(await page.getByTestId('kpi-deflection-detail').textContent()).toBe('1 of 3 conversations resolved without a person · 1 more still within 24 h');
    expect(await page.getByTestId('kpi-first-response').textContent()).toBe('4 min');
    const perDay = await page.getByTestId('chart-per-day').locator('[data-value]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
    expect(perDay).toEqual(report.perDay.map((d) => d.count));
    const hours = await page.getByTestId('chart-hours').locator('[data-value]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
    expect(hours).toEqual(report.busiestHours.map((h) => h.count));
    const reasons = await page.getByTestId('handoff-table').locator('tbody tr').allTextContents();
    expect(reasons).toHaveLength(report.handoffReasons.length);
    expect(await page.getByTestId('csat-comments').textContent()).toContain('The bot explained the points');
    await screenshot('console-reports.png');

    const csv = page.waitForEvent('download');
    await page.getByTestId('reports-csv').click();
    const text = readFileSync((await (await csv).path())!, 'utf8');
    expect(text).toContain(`conversations,${report.conversations}\r\n`);
    expect(text).toContain('handoff reason,conversations');

    // "Today" asks for a shorter range and counts fewer conversations.
    const today = page.waitForResponse((r) => r.url().includes('/api/v1/reports?'));
    await page.getByTestId('range-today').click();
    const todayReport = (await (await today).json()) as { conversations: number };
    await expect.poll(() => page.getByTestId('kpi-conversations').textContent()).toBe(String(todayReport.conversations));
  });

  it('ran without a CSP violation or a script error', () => {
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
