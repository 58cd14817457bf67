import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles } from '../build/helpers.js';
import { makeSite, REPO, tsxArgs, type Site } from '../helpers/site.js';
import { launchBrowser, SLOW, TEST_TIMEOUT } from '../preview/helpers.js';

const SECRET = 'sign-up-test-secret-0123456789-abcdefghij';
const SUBSCRIBE = 'http://127.0.0.1:8080/subscribe';

async function demoSite(extra: string): Promise<Site> {
  const config = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
  const site = await makeSite({ seeds: true, config: `${config}\n${extra}` });
  expect((await site.run('import')).code).toBe(0);
  return site;
}

/** Every web page the build wrote (not the roundups' email.html), with its text. */
async function pages(site: Site): Promise<Map<string, string>> {
  const out = path.join(site.dir, 'out');
  const files = (await listFiles(out)).filter((f) => f === 'index.html' || f.endsWith('/index.html'));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(out, f), 'utf8')] as [string, string])));
}

describe('sign-up everywhere', () => {
  let site: Site;
  afterEach(() => site?.cleanup());

  it('links every built page to the subscription page when subscriptions are on, with the page\'s theme ticked', async () => {
    site = await demoSite(`subscriptions:\n  secret: ${SECRET}\n`);
    const built = await site.run('build');
    expect(built.code, built.err).toBe(0);
    const all = await pages(site);
    expect(all.size).toBeGreaterThan(40);
    for (const [file, html] of all) expect(html, file).toMatch(new RegExp(`<a href="${SUBSCRIBE}(\\?theme=[a-z-]+)?">Subscribe by email</a>`));
    // Pages of the roundups too, and the home page in its header and footer.
    expect([...all.keys()].filter((f) => f.startsWith('issues/')).length).toBeGreaterThan(10);
    const home = all.get('index.html') ?? '';
    expect(home).toContain(`<header><p class="site"><a href="./">Child Protection Commentary</a></p>\n<p class="sign-up"><a href="${SUBSCRIBE}">Subscribe by email</a></p></header>`);
    expect(home).toContain(`on the themes you choose: <a href="${SUBSCRIBE}">subscribe</a>.`);
    const theme = all.get('themes/workforce/index.html') ?? '';
    expect(theme).toContain(`<a href="${SUBSCRIBE}?theme=workforce">subscribe to Workforce, caseloads and sickness</a>`);
    // A post's page offers its primary theme.
    const post = [...all].find(([f]) => f.startsWith('posts/'))?.[1] ?? '';
    expect(post).toMatch(/<a href="http:\/\/127\.0\.0\.1:8080\/subscribe\?theme=[a-z-]+">subscribe to /);
  });

  it('links nowhere without a secret (the subscription page would not be served), unless asked to', async () => {
    site = await demoSite('');
    expect((await site.run('build')).code).toBe(0);
    for (const [file, html] of await pages(site)) expect(html, file).not.toContain('/subscribe');

    await site.write('tidings.config.yaml', `${await readFile(path.join(site.dir, 'tidings.config.yaml'), 'utf8')}subscriptions:\n  signUpLink: always\n`);
    expect((await site.run('build')).code).toBe(0);
    expect((await pages(site)).get('index.html')).toContain(`href="${SUBSCRIBE}"`);
  });

  it('takes the place and wording from the site\'s own template, and names its file and line when it is broken', async () => {
    site = await demoSite(`subscriptions:\n  secret: ${SECRET}\n`);
    await site.write('templates/pages/sign-up.html.hbs', '{{#if footer}}<p>Join the {{site.title}} list: <a href="{{url}}">sign up</a></p>{{/if}}\n');
    expect((await site.run('build')).code).toBe(0);
    const all = await pages(site);
    for (const [file, html] of all) {
      expect(html, file).not.toContain('Subscribe by email');
      expect(html, file).toMatch(/<footer>\n<p>Join the Child Protection Commentary list: <a href="http:\/\/127\.0\.0\.1:8080\/subscribe(\?theme=[a-z-]+)?">sign up<\/a><\/p>\n/);
    }

    const before = all.get('index.html');
    const file = await site.write('templates/pages/sign-up.html.hbs', '{{#if footer}}\n<p>Join <a href="{{url}}">us</a></p>\n{{/if}}\n{{#if header}}<a href="{{url}">x</a>{{/if}}\n');
    const broken = await site.run('build');
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`${file}:4:`);
    expect(broken.err).not.toMatch(/\n\s+at /);
    expect((await pages(site)).get('index.html')).toBe(before);
  });

  it('takes a reader from a theme\'s page to a sign-up form with that theme ticked (Chromium)', { timeout: TEST_TIMEOUT }, async () => {
    site = await demoSite(`subscriptions:\n  secret: ${SECRET}\n`);
    expect((await site.run('build')).code).toBe(0);
    const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], {
      cwd: site.dir,
      env: { PATH: process.env.PATH, TIDINGS_SECRET: SECRET },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      // The pages link to site.baseUrl; this server listens elsewhere, so the browser's requests for the one go to the other.
      await page.route('http://127.0.0.1:8080/**', async (route) => {
        const url = new URL(route.request().url());
        await route.fulfill({ response: await route.fetch({ url: new URL(`${url.pathname}${url.search}`, base).href }) });
      });
      await page.goto('http://127.0.0.1:8080/themes/workforce/', SLOW);
      const header = page.locator('header').getByRole('link', { name: 'Subscribe by email' });
      await header.waitFor(SLOW);
      await header.click(SLOW);
      await page.waitForURL('**/subscribe?theme=workforce', SLOW);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Subscribe to Child Protection Commentary');
      expect(await page.getByLabel('Workforce, caseloads and sickness').isChecked()).toBe(true);
      expect(await page.getByLabel('Inspection and Ofsted').isChecked()).toBe(false);
      await page.getByLabel('Email address').waitFor(SLOW);
    } finally {
      await browser.close();
      child.kill('SIGTERM');
      await exited;
    }
  });
});
