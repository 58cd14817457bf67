import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, REPO, type Site } from '../helpers/site.js';
import { launchBrowser, previewSite, SLOW, TEST_TIMEOUT, type PreviewRun } from './helpers.js';

const POST_FILE = 'content/imports/000_b2b273fd7784fcdb.txt';
const FOOTER = 'templates/email/footer.mjml.hbs';

describe('tidings preview live reload: edits on disk show in open pages by themselves', { timeout: TEST_TIMEOUT }, () => {
  let site: Site;
  let run: PreviewRun;
  let browser: Browser;
  let page: Page;
  /** Counts the page's own loads: a live reload is the preview's doing, never the test's. */
  let loads = 0;

  beforeAll(async () => {
    site = await makeSite({ seeds: true });
    run = await previewSite(site);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('load', () => void (loads += 1));
  });

  afterAll(async () => {
    await browser?.close();
    await run?.preview.close();
    await site?.cleanup();
  });

  const email = () => page.locator('iframe[title="The email, 600 pixels wide"]').contentFrame();
  const alert = () => page.getByRole('alert');

  it('shows an edited post in the open roundup without a manual reload', async () => {
    await page.goto(`${run.preview.url}roundups/2019-W31`);
    await email().getByRole('heading', { name: 'Compliance and Cover-up' }).waitFor(SLOW);
    const before = loads;

    const file = path.join(site.dir, POST_FILE);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[2]).toBe('Compliance and Cover-up');
    await site.write(POST_FILE, text.replace('\nCompliance and Cover-up\n', '\nCompliance and Cover-up, revisited\n'));

    await email().getByRole('heading', { name: 'Compliance and Cover-up, revisited' }).waitFor(SLOW);
    expect(await page.getByTestId('preheader').textContent()).toBe('Compliance and Cover-up, revisited');
    expect(loads).toBeGreaterThan(before);
    expect(run.logs.some((l) => l.includes(`${POST_FILE} (0 new, 1 updated`))).toBe(true);
  });

  it('shows a saved edit in an open page of the built site by itself, and leaves the pages it did not change alone', async () => {
    const other = await browser.newPage();
    const post = await browser.newPage();
    try {
      let otherLoads = 0;
      let postLoads = 0;
      other.on('load', () => void (otherLoads += 1));
      post.on('load', () => void (postLoads += 1));
      // Each opened as a user does: the title links of the Posts page lead to the built site.
      await other.goto(`${run.preview.url}posts`);
      await other.getByRole('link', { name: 'Compliance and Cover-up, revisited' }).waitFor(SLOW);
      const links = other.locator('a[href^="/site/posts/"]');
      const otherHref = await links.filter({ hasNotText: 'Compliance and Cover-up' }).first().getAttribute('href');
      await post.goto(`${run.preview.url}posts`);
      await post.getByRole('link', { name: 'Compliance and Cover-up, revisited' }).click();
      await post.getByText('toxic culture of cover-up and denial came about').waitFor(SLOW);
      await other.goto(new URL(otherHref ?? '', run.preview.url).href);
      const [postBefore, otherBefore] = [postLoads, otherLoads];

      const file = path.join(site.dir, POST_FILE);
      const text = await readFile(file, 'utf8');
      await site.write(POST_FILE, text.replace('came about.', 'came about, and stayed.'));

      await post.getByText('toxic culture of cover-up and denial came about, and stayed.').waitFor(SLOW);
      expect(postLoads).toBeGreaterThan(postBefore);
      // The other post's page is as the build left it: not reloaded.
      await other.locator('script[data-tidings-preview][data-checked]').waitFor({ ...SLOW, state: 'attached' });
      expect(otherLoads).toBe(otherBefore);
      // The built file itself has no script: only what the preview serves does.
      const built = await readFile(path.join(site.dir, 'out', decodeURIComponent(new URL(post.url()).pathname.replace(/^\/site\//, '')), 'index.html'), 'utf8');
      expect(built).toContain('came about, and stayed.');
      expect(built).not.toContain('<script');
    } finally {
      await other.close();
      await post.close();
    }
  });

  it('shows a broken template’s error with its file and line instead of stopping, and recovers on the next good save', async () => {
    const builtIn = await readFile(path.join(REPO, FOOTER), 'utf8');
    expect(builtIn.split('\n')[4]).toContain('{{site.title}}');
    await site.write(FOOTER, builtIn.replace('{{site.title}}', '{{site.title}'));

    await alert().getByText(`${FOOTER}:5`).waitFor(SLOW);
    const message = (await alert().textContent()) ?? '';
    expect(message).toContain('The roundup templates cannot be used');
    expect(message).toContain('Handlebars syntax error');
    // The lines around the error, the broken one marked.
    expect(await alert().locator('mark').textContent()).toContain('5 |       <p>You are receiving this because you subscribed to the {{site.title} roundup.</p>');
    expect(await page.getByText('This roundup cannot be rendered until the templates are fixed').isVisible()).toBe(true);
    // The rest of the preview still works meanwhile.
    expect((await fetch(`${run.preview.url}posts`)).status).toBe(200);

    await site.write(FOOTER, builtIn.replace('You are receiving this because', 'You get this because'));
    await email().getByText('You get this because you subscribed', { exact: false }).waitFor(SLOW);
    expect(await alert().count()).toBe(0);
  });

  it('shows a broken config’s error with its line, keeps the last good config, and recovers', async () => {
    const configFile = path.join(site.dir, 'tidings.config.yaml');
    const good = await readFile(configFile, 'utf8');
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  title: '));
    expect(at).toBeGreaterThan(0);
    const broken = [...lines.slice(0, at + 1), '  titel: a misspelt key', ...lines.slice(at + 1)].join('\n');
    await site.write('tidings.config.yaml', broken);

    await alert().getByText(`tidings.config.yaml:${at + 2}`).waitFor(SLOW);
    expect(await alert().textContent()).toContain('unknown key "titel" in site');
    // Still the last good config: the roundup is still there.
    await email().getByRole('heading', { name: 'Compliance and Cover-up, revisited' }).waitFor(SLOW);

    await site.write('tidings.config.yaml', good.replace('title: Child Protection Commentary', 'title: Child Protection Commentary (edited)'));
    await email().getByText('Child Protection Commentary (edited) · Issue 15').waitFor(SLOW);
    expect(await alert().count()).toBe(0);
  });
});
