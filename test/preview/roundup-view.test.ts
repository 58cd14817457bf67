import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { launchBrowser, previewSite, screenshotPath, SLOW, TEST_TIMEOUT, type PreviewRun } from './helpers.js';

/** The newest roundup of the demo content and the post in it. */
const NEWEST = { id: '2019-W31', label: 'Week 31, 2019', post: 'Compliance and Cover-up' };

describe('tidings preview in a browser: roundups, views, feeds and the inbox', { timeout: TEST_TIMEOUT }, () => {
  let site: Site;
  let run: PreviewRun;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    site = await makeSite({ seeds: true });
    run = await previewSite(site);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await run?.preview.close();
    await site?.cleanup();
  });

  const desktop = () => page.locator('iframe[title="The email, 600 pixels wide"]');
  const mobile = () => page.locator('iframe[title="The email, 375 pixels wide (a phone)"]');
  const dark = () => page.locator('iframe[title="The email in dark mode"]');

  it('imports and builds the demo at start and lists its roundups newest first', async () => {
    await page.goto(run.preview.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Roundups' }).isVisible()).resolves.toBe(true);
    const periods = await page.locator('table.list tbody tr td:nth-child(2) a').allTextContents();
    expect(periods.length).toBe(15);
    expect(periods[0]).toBe(NEWEST.label);
    expect(periods.at(-1)).toBe('Week 40, 2013');
  });

  it('opens a roundup with its email at 600 and 375 px, subject, preheader, size and checks', async () => {
    await page.getByRole('link', { name: NEWEST.label }).click();
    await page.getByRole('heading', { level: 1, name: `Issue 15: ${NEWEST.label}` }).waitFor(SLOW);
    expect(await page.getByTestId('subject').textContent()).toBe('Blame and culture · week 31');
    expect(await page.getByTestId('preheader').textContent()).toBe(NEWEST.post);
    expect(await page.getByTestId('size').textContent()).toMatch(/^\d+(\.\d)?\skB of ~102\skB\. Gmail shows it whole\.$/);
    expect(await page.getByTestId('checks').textContent()).toContain('MJML valid (strict), no warnings');
    expect(await page.locator('meter#gauge').getAttribute('max')).toBe('102000');

    await desktop().contentFrame().getByRole('heading', { name: NEWEST.post }).waitFor(SLOW);
    await mobile().contentFrame().getByRole('heading', { name: NEWEST.post }).waitFor(SLOW);
    expect(await desktop().contentFrame().locator('html').evaluate(() => (globalThis as unknown as InPage).document.documentElement.clientWidth)).toBe(600);
    expect(await mobile().contentFrame().locator('html').evaluate(() => (globalThis as unknown as InPage).document.documentElement.clientWidth)).toBe(375);
    // The frames are as tall as the email: nothing to scroll inside a frame.
    await expect.poll(() => innerOverflow(desktop().contentFrame().locator('html')), SLOW).toBeLessThanOrEqual(1);

    await page.screenshot({ path: await screenshotPath('preview-roundup.png') });
  });

  it('switches to mobile, dark mode and plain text, by mouse and by keyboard, and keeps the view on reload', async () => {
    await page.getByLabel('Mobile 375 px').check();
    await mobile().waitFor({ state: 'visible', ...SLOW });
    await desktop().waitFor({ state: 'hidden', ...SLOW });

    await page.getByLabel('Dark mode').check();
    await dark().waitFor({ state: 'visible', ...SLOW });
    const darkPage = dark().contentFrame();
    await darkPage.getByRole('heading', { name: NEWEST.post }).waitFor(SLOW);
    const background = await darkPage.locator('body').evaluate((body) => (globalThis as unknown as InPage).getComputedStyle(body).backgroundColor);
    expect(luminance(background)).toBeLessThan(0.1);
    const light = await desktop().contentFrame().locator('body').evaluate((body) => (globalThis as unknown as InPage).getComputedStyle(body).backgroundColor);
    expect(luminance(light)).toBeGreaterThan(0.5);

    await page.getByLabel('Plain text').check();
    const text = page.locator('pre.text');
    await text.waitFor({ state: 'visible', ...SLOW });
    const plain = (await text.textContent()) ?? '';
    expect(plain).toContain(`Read more: ${NEWEST.post}`);
    expect(plain).toContain('Unsubscribe');
    expect(plain).not.toMatch(/<\w+/);
    expect(new URL(page.url()).searchParams.get('view')).toBe('text');

    await page.reload();
    expect(await page.getByLabel('Plain text').isChecked()).toBe(true);
    expect(await page.locator('pre.text').isVisible()).toBe(true);

    // Keyboard: the views are one radio group; arrow keys move between them.
    await page.getByLabel('Plain text').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByLabel('Headers').isChecked()).toBe(true);
    const headers = await page.locator('table.headers').textContent();
    expect(headers).toContain('List-Unsubscribe-Post');
    expect(headers).toContain('List-Unsubscribe=One-Click');
  });

  it('shows a theme variant with its own subject', async () => {
    await page.goto(`${run.preview.url}roundups/2014-W33`);
    expect(await page.getByTestId('subject').textContent()).toBe('Workforce, Blame and culture, Ofsted + 1 more · week 33');
    // A long email (five posts): its frame grows with it, so the page scrolls, not the frame.
    await desktop().contentFrame().getByRole('heading', { name: 'Practice and research' }).waitFor(SLOW);
    await expect.poll(() => innerOverflow(desktop().contentFrame().locator('html')), SLOW).toBeLessThanOrEqual(1);
    expect((await desktop().boundingBox())?.height ?? 0).toBeGreaterThan(1200);
    // Every theme a post of the issue carries is offered, not only those that head a section: "Ministers" is only ever a later theme here.
    expect(await page.getByLabel('Ministers and policy').count()).toBe(1);
    await page.getByLabel('Workforce, caseloads and sickness').check();
    await page.getByRole('button', { name: 'Show this variant' }).click();
    await page.waitForURL(/theme=workforce/, SLOW);
    expect(await page.getByTestId('subject').textContent()).toBe('Workforce · week 33');
    const frame = desktop().contentFrame();
    await frame.getByRole('heading', { name: 'Workforce, caseloads and sickness' }).waitFor(SLOW);
    expect(await frame.getByRole('heading', { name: 'Blame and organisational culture' }).count()).toBe(0);
  });

  it('sends the roundup to the built-in inbox and shows it there: HTML, text and raw source', async () => {
    await page.goto(`${run.preview.url}roundups/${NEWEST.id}`);
    await page.getByLabel('Send a test to').fill('me@example.org');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Sent to me@example.org through the built-in inbox').waitFor(SLOW);
    expect(await page.locator('[data-inbox-count]').textContent()).toBe('1');

    await page.getByRole('link', { name: 'open it in the inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blame and culture · week 31' }).waitFor(SLOW);
    await page.locator('iframe[title="The HTML part"]').contentFrame().getByRole('heading', { name: NEWEST.post }).waitFor(SLOW);
    await page.getByLabel('Plain text').check();
    expect(await page.locator('pre.text').textContent()).toContain(`Read more: ${NEWEST.post}`);
    await page.getByLabel('Raw source').check();
    const raw = (await page.locator('pre.raw').textContent()) ?? '';
    expect(raw).toContain('To: me@example.org');
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(raw).toContain('Content-Type: multipart/alternative');

    await page.goto(`${run.preview.url}inbox`);
    expect(await page.locator('table.list tbody tr').count()).toBe(1);
    expect(await page.locator('table.list tbody').textContent()).toContain('me@example.org');
  });

  it('refuses a test to something that is not an address, saying why', async () => {
    await page.goto(`${run.preview.url}roundups/${NEWEST.id}`);
    await page.getByLabel('Send a test to').evaluate((input) => input.setAttribute('type', 'text'));
    await page.getByLabel('Send a test to').fill('not an address');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('"not an address" is not an email address such as me@example.org').waitFor(SLOW);
    expect(run.preview.inbox.list().length).toBe(1);
  });

  it('shows each feed as a list of items and as raw XML or JSON', async () => {
    await page.goto(`${run.preview.url}feeds`);
    await page.getByRole('link', { name: 'Child Protection Commentary', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Child Protection Commentary' }).waitFor(SLOW);
    expect(await page.locator('table.list tbody tr').count()).toBe(31);
    await page.getByRole('link', { name: 'Atom 1.0' }).click();
    await page.waitForURL(/view=atom/, SLOW);
    expect(await page.locator('pre.raw').textContent()).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    await page.getByRole('link', { name: 'JSON Feed 1.1' }).click();
    await page.waitForURL(/view=json/, SLOW);
    expect(await page.locator('pre.raw').textContent()).toContain('"version": "https://jsonfeed.org/version/1.1"');
  });
});

/** The little of a page's globals these tests read (the tests are compiled without the DOM's types). */
interface InPage {
  document: { documentElement: { clientWidth: number; scrollHeight: number } };
  innerHeight: number;
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** How many pixels of a frame's document lie below the frame (0: nothing to scroll). */
function innerOverflow(html: Locator): Promise<number> {
  return html.evaluate(() => {
    const w = globalThis as unknown as InPage;
    return w.document.documentElement.scrollHeight - w.innerHeight;
  });
}

/** Relative luminance (0 black … 1 white) of a CSS rgb() colour. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
