import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { launchBrowser, screenshotPath, SLOW, TEST_TIMEOUT } from './helpers.js';

/**
 * A roundup as a reader sees it, in Debian's Chromium: the demo's largest
 * issue, built by `tidings build`, at 600 px (a desktop client) and 375 px
 * (a phone), light and dark (prefers-color-scheme). Each view is saved in
 * test-results/screenshots/ for a person to look at, and checked for what
 * a person would notice: a page wider than the phone, an unsubscribe link
 * out of sight, a dark mode that is not dark, titles that cannot be read.
 */

const WIDTHS = [600, 375] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Relative luminance (WCAG: 0 black … 1 white) of a CSS rgb()/rgba() colour. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** What the page functions below use of the browser's globals (the project's lib has no DOM types). */
interface Styled {
  parentElement: Styled | null;
}
interface InPage {
  getComputedStyle(element: Styled): { backgroundColor: string; color: string; fontSize: string };
  document: { elementFromPoint(x: number, y: number): Styled | null };
}

/** The colour behind an element: its own background, or the first ancestor's that is not transparent. Runs in the page, so it names nothing outside itself. */
function backgroundOf(element: Styled): string {
  const w = globalThis as unknown as InPage;
  for (let e: Styled | null = element; e !== null; e = e.parentElement) {
    const c = w.getComputedStyle(e).backgroundColor;
    if (c !== '' && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return 'rgb(255, 255, 255)';
}

/** The colour behind the top left corner of the window. Runs in the page. */
function cornerBackground(): string {
  const w = globalThis as unknown as InPage;
  for (let e = w.document.elementFromPoint(2, 2); e !== null; e = e.parentElement) {
    const c = w.getComputedStyle(e).backgroundColor;
    if (c !== '' && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
  }
  return 'rgb(255, 255, 255)';
}

describe('a roundup in a browser at 600 and 375 px, light and dark', { timeout: TEST_TIMEOUT }, () => {
  let site: Site;
  let browser: Browser;
  let emailFile: string;

  beforeAll(async () => {
    site = await makeSite({ seeds: true });
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('build')).code).toBe(0);
    // The largest roundup: the one most likely to overflow.
    const dir = path.join(site.dir, 'out', 'issues');
    const files = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name, 'email.html'));
    const sizes = await Promise.all(files.map(async (file) => ({ file, size: (await stat(file)).size })));
    emailFile = [...sizes].sort((a, b) => b.size - a.size)[0]?.file ?? '';
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.cleanup();
  });

  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      it(`at ${width} px, ${scheme}: fits the width, shows the unsubscribe link, ${scheme === 'dark' ? 'is dark' : 'is light'} and readable; saved as a screenshot`, async () => {
        const page: Page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(pathToFileURL(emailFile).href);
          const titles = page.locator('h3 a');
          await titles.first().waitFor(SLOW);

          // Nothing to scroll sideways: the email is no wider than the window.
          expect(await page.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)')).toBeLessThanOrEqual(width);

          // The footer's unsubscribe link is there, visible, and inside the window.
          const unsubscribe = page.getByRole('link', { name: 'Unsubscribe', exact: true });
          await unsubscribe.scrollIntoViewIfNeeded();
          expect(await unsubscribe.isVisible()).toBe(true);
          const box = await unsubscribe.boundingBox();
          expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
          expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(width);
          expect(box?.height ?? 0).toBeGreaterThan(8);

          // Every post title lies inside the window, in readable type.
          const count = await titles.count();
          expect(count).toBeGreaterThan(3);
          for (let i = 0; i < count; i++) {
            const title = await titles.nth(i).boundingBox();
            expect((title?.x ?? 0) + (title?.width ?? Infinity), `title ${i}`).toBeLessThanOrEqual(width);
          }
          const fontSize = await titles.first().evaluate((e: Styled) => (globalThis as unknown as InPage).getComputedStyle(e).fontSize);
          expect(Number.parseFloat(fontSize)).toBeGreaterThanOrEqual(16);

          // The page is as dark or light as asked, and the titles stand out from their card (WCAG AA: 4.5).
          const page0 = await page.evaluate(cornerBackground);
          if (scheme === 'dark') expect(luminance(page0), page0).toBeLessThan(0.05);
          else expect(luminance(page0), page0).toBeGreaterThan(0.7);
          const title = titles.first();
          const colour = await title.evaluate((e: Styled) => (globalThis as unknown as InPage).getComputedStyle(e).color);
          const card = await title.evaluate(backgroundOf);
          if (scheme === 'dark') expect(luminance(card), card).toBeLessThan(0.05);
          expect(contrast(colour, card), `${colour} on ${card}`).toBeGreaterThanOrEqual(4.5);
          const excerpt = page.locator('.t-text p[dir="auto"]').first();
          if ((await excerpt.count()) > 0) {
            const text = await excerpt.evaluate((e: Styled) => (globalThis as unknown as InPage).getComputedStyle(e).color);
            expect(contrast(text, await excerpt.evaluate(backgroundOf)), `excerpt ${text}`).toBeGreaterThanOrEqual(4.5);
          }

          const file = path.join(path.dirname(await screenshotPath('screenshots')), 'screenshots', `roundup-${width}-${scheme}.png`);
          await mkdir(path.dirname(file), { recursive: true });
          await page.screenshot({ path: file, fullPage: true });
          expect((await stat(file)).size).toBeGreaterThan(10_000);
        } finally {
          await page.close();
        }
      });
    }
  }
});
