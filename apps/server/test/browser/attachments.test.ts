import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../test-server';
import { RETURN_FOR_APPROVAL, converse, demoServer, hasChromium, launch, openChat, say, shopperSees } from './browser';

/**
 * Photos and files end to end in Chromium: a shopper in a return dialog attaches a photo of the
 * damage from the widget (with progress, on a slow line), the agent sees it beside the return's
 * approve and reject buttons in the console, sends a PDF back, and the shopper gets it; a hostile
 * file gets a clear refusal in the widget.
 */
describe.runIf(hasChromium)('photos and files in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The links to files name the server's own address, which the browser then fetches.
    ({ server } = await demoServer({ PUBLIC_URL: 'self' }));
    browser = await launch();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function page(viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  }


  /** True once every picture of the locator has loaded (bytes decoded, not a broken image). */
  const loaded = (images: ReturnType<Page['locator']>) => images.evaluateAll((all) => all.length > 0 && all.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));

  it('takes a photo of the damage into the return, shows it to the agent beside approve and reject, and brings the agent\'s PDF back', async () => {
    const shopper = await page({ width: 1000, height: 800 });
    await shopper.goto(`${server.url}/demo/`);
    await openChat(shopper);
    await converse(shopper, RETURN_FOR_APPROVAL, 15_000);

    // A 4000 × 3000 phone photo over a slow line: its progress shows while it goes up.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg({ quality: 70 })
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 27/1 0/1' } })
      .toBuffer();
    const cdp = await shopper.context().newCDPSession(shopper);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 10_000_000, uploadThroughput: photo.length / 3 });
    await shopper.getByTestId('sportello-attach').setInputFiles({ name: 'damage.jpg', mimeType: 'image/jpeg', buffer: photo });
    const progress = shopper.getByTestId('sportello-upload').locator('progress');
    await progress.waitFor({ timeout: 10_000 });
    await expect.poll(() => progress.evaluate((p) => (p as HTMLProgressElement).value), { timeout: 10_000 }).toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const shopperPhoto = shopper.getByTestId('sportello-photo').locator('img');
    await expect.poll(() => loaded(shopperPhoto), { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await shopperSees(shopper)).join(' '), { timeout: 15_000 }).toMatch(/the photo is now with your return R-/);
    expect(await shopper.getByTestId('sportello-upload').count()).toBe(0);

    // The agent: the return waiting for approval, with the photo beside its buttons.
    const agent = await page();
    await agent.goto(`${server.url}/console/`);
    await agent.getByLabel('Email').fill('admin@example.com');
    await agent.getByLabel('Password').fill('admin-password');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByTestId('view-queued').waitFor();
    await agent.goto(`${server.url}/console/#/inbox/queued`);
    await agent.getByTestId('conversation-item').first().click();
    const ret = agent.getByTestId('sidebar').getByTestId('return').first();
    await expect.poll(() => ret.textContent(), { timeout: 15_000 }).toContain('pending approval');
    const returnPhoto = ret.getByTestId('return-photo').locator('img');
    await expect.poll(() => loaded(returnPhoto), { timeout: 15_000 }).toBe(true);
    expect(await ret.getByTestId('return-approve').isVisible()).toBe(true);
    // Re-encoded: a phone photo's 12 megapixels come as 2560 × 1920, without the GPS position.
    const served = await returnPhoto.evaluate(async (img) => {
      const response = await fetch((img as HTMLImageElement).src);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { width: (img as HTMLImageElement).naturalWidth, type: response.headers.get('content-type'), gps: new TextDecoder('latin1').decode(bytes).includes('GPS') };
    });
    expect(served).toEqual({ width: 2560, type: 'image/jpeg', gps: false });
    // In the history too.
    await expect.poll(() => loaded(agent.getByTestId('timeline').getByTestId('message-file').locator('img'))).toBe(true);

    // The agent sends the return label as a PDF, with a word.
    const label = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await agent.getByTestId('attach').setInputFiles({ name: 'Return label R.pdf', mimeType: 'application/pdf', buffer: label });
    await agent.locator('[data-testid="staged-file"][data-state="ready"]').waitFor({ timeout: 10_000 });
    await agent.getByTestId('composer').fill('Here is your return label.');
    await agent.getByTestId('send').click();
    await expect.poll(() => agent.getByTestId('staged-files').count()).toBe(0);
    const file = shopper.getByTestId('sportello-file');
    await expect.poll(() => file.textContent(), { timeout: 15_000 }).toContain('Return label R.pdf');
    const download = await file.evaluate(async (a) => {
      const response = await fetch((a as HTMLAnchorElement).href);
      return { status: response.status, disposition: response.headers.get('content-disposition'), size: (await response.arrayBuffer()).byteLength };
    });
    expect(download).toEqual({ status: 200, disposition: expect.stringMatching(/^attachment; filename="Return label R\.pdf"/), size: label.length });
    expect(await shopperSees(shopper).then((all) => all.join(' '))).toContain('Here is your return label.');
  });

  it("refuses a hostile file in the widget with a clear message, and the shopper dismisses it", async () => {
    const shopper = await page({ width: 1000, height: 800 });
    await shopper.goto(`${server.url}/demo/`);
    await openChat(shopper);
    await say(shopper, 'Hello');
    await expect.poll(async () => (await shopperSees(shopper)).length, { timeout: 15_000 }).toBeGreaterThan(1);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>');
    await shopper.getByTestId('sportello-attach').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: svg });
    const refused = shopper.locator('[data-testid="sportello-upload"][data-state="failed"]');
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toMatch(/photo\.jpg cannot be sent: this chat takes photos and PDF documents/);
    await refused.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => shopper.getByTestId('sportello-upload').count()).toBe(0);
    expect(await shopper.getByTestId('sportello-photo').count()).toBe(0);
  });
});
