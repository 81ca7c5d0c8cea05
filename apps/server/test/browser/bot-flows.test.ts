import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../test-server';
import { demoServer, hasChromium, launch, openChat } from './browser';

// A shopper on the demo store, in Chromium with the built widget, talking to the real bot: only
// the composer to write and the rendered messages and cards to read.

const DAY = 86_400_000;
const STORE_ZONE = 'Europe/Rome';

describe.runIf(hasChromium)('the bot, through the widget on the demo store', () => {
  let server: TestServer;
  let browser: Browser;
  /** The demo orders' dates are relative to the moment of seeding: 1002 is expected a day later. */
  let seededAt: number;

  beforeAll(async () => {
    seededAt = Date.now();
    ({ server } = await demoServer());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const botMessages = (page: Page) => page.locator('[data-testid="sportello-message"][data-author="bot"]');

  /** Types a message in the composer, sends it, and waits for the bot's answer to it to be shown. */
  async function ask(page: Page, text: string, answered: (replies: string[]) => boolean = (r) => r.length > 0): Promise<string[]> {
    const before = await botMessages(page).count();
    await page.getByTestId('sportello-input').fill(text);
    await page.getByTestId('sportello-input').press('Enter');
    let replies: string[] = [];
    await expect
      .poll(
        async () => {
          replies = (await botMessages(page).allTextContents()).slice(before);
          return answered(replies);
        },
        { timeout: 10_000, message: `the bot's answer to ${JSON.stringify(text)}` },
      )
      .toBe(true);
    return replies;
  }

  it('answers a product question with its card, then an order question with the tracked order', async () => {
    const context = await browser.newContext({ timezoneId: STORE_ZONE, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await openChat(page);

    // The product: a card with the title, the price, the stock and a link to the product page.
    const stock = await ask(page, 'is the linen shirt in stock in XL?', (r) => r.join('\n').includes('Light blue'));
    expect(stock.join('\n')).toMatch(/XL/);
    expect(stock.join('\n')).toMatch(/White[^.;]*out of stock/i);
    const product = page.locator('[data-card="product"]');
    await expect.poll(() => product.count(), { timeout: 5000 }).toBe(1);
    expect(await product.locator('h3').textContent()).toBe('Linen shirt');
    expect(await product.getByTestId('sportello-product-price').textContent()).toBe('€69.00');
    expect(await product.getByTestId('sportello-product-stock').textContent()).toBe('In stock');
    const view = product.getByTestId('sportello-product-link');
    expect(await view.textContent()).toBe('View product (opens in a new tab)');
    expect(await view.getAttribute('href')).toMatch(/\/demo\/product\.html\?p=linen-shirt$/);
    expect(await view.getAttribute('target')).toBe('_blank');
    // The card sits in the bot's message that answered.
    expect(await botMessages(page).filter({ has: product }).textContent()).toContain('Light blue');

    // Then an order: the bot asks for the e-mail, and shows where the parcel is.
    const question = await ask(page, 'where is my order 1002?');
    expect(question.at(-1)).toMatch(/e-?mail/i);
    expect(await page.locator('[data-card="order_status"]').count()).toBe(0);
    await ask(page, 'giulia.rossi@example.com', (r) => r.some((m) => m.includes('BRT')));
    const order = page.locator('[data-card="order_status"]');
    await expect.poll(() => order.count(), { timeout: 5000 }).toBe(1);
    expect(await order.locator('h3').textContent()).toBe('Order 1002');
    const facts = await order.locator('dd').allTextContents();
    expect(facts).toEqual(expect.arrayContaining(['Shipped', 'BRT', '0840123456790']));
    const expected = new Date(seededAt + DAY);
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', timeZone: STORE_ZONE }).format(expected);
    const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: STORE_ZONE }).format(expected);
    expect(facts.join(' | ')).toMatch(new RegExp(`\\b${day}\\b[^|]*${month}|${month}[^|]*\\b${day}\\b`));
    expect(await order.locator('li').allTextContents()).toEqual(['1 × Cotton trench coat, sand']);
    const track = order.getByTestId('sportello-tracking-link');
    expect(await track.getAttribute('href')).toContain('Nspediz=0840123456790');
    expect(await track.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await track.textContent()).toMatch(/^Track your parcel/);
    // The product card is still there, above the order.
    expect(await product.count()).toBe(1);
    expect((await product.boundingBox())!.y).toBeLessThan((await order.boundingBox())!.y);
    await context.close();
  });
});
