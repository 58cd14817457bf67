import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteTemplates } from '../../src/app/templates.js';
import { buildSite } from '../../src/build/index.js';
import type { BuildOptions } from '../../src/build/index.js';
import { TemplateError } from '../../src/digest/index.js';
import type { Store } from '../../src/store/store.js';
import { addPosts, storeWith } from '../build/helpers.js';
import { makePost, makePosts } from '../feeds/fixtures.js';
import { digestConfig, siteDir } from './helpers.js';

let site: Awaited<ReturnType<typeof siteDir>>;
let store: Store;
let options: BuildOptions;

beforeEach(async () => {
  site = await siteDir();
  store = await storeWith(makePosts(60));
  options = { store, config: digestConfig(), outDir: path.join(site.dir, 'out'), issues: { rootDir: site.dir, templates: await siteTemplates(digestConfig(), site.dir) } };
});
afterEach(async () => {
  await store.close();
  await site.cleanup();
});

/** The options with the templates as they are on disk now: what `tidings build` reads at each run (app/templates.ts). */
const current = async (): Promise<BuildOptions> => ({ ...options, issues: { rootDir: site.dir, templates: await siteTemplates(options.config, site.dir) } });

const emailFiles = (written: readonly string[]) => written.filter((f) => /^issues\/[^/]+\/(email\.|message\.eml)/.test(f));

describe('tidings build: roundups, incrementally', () => {
  it('re-renders only the roundup a new post lands in', async () => {
    const first = await buildSite(options);
    expect(first.issues).toBe(9);
    expect(emailFiles(first.written)).toHaveLength(9 * 4);
    await addPosts(store, [makePost(60, { themes: ['policy'] })]);
    const second = await buildSite(options);
    expect(emailFiles(second.written).sort()).toEqual(['email.html', 'email.mjml', 'email.txt', 'message.eml'].map((f) => `issues/2013-W09/${f}`));
    expect(second.written).toEqual(expect.arrayContaining(['issues/2013-W09/index.html', 'issues/index.html', 'issues/feed.xml']));
    expect(second.written.filter((f) => f.startsWith('issues/2013-W08/'))).toEqual([]);
  });

  it('puts back an email file that went missing', async () => {
    await buildSite(options);
    await rm(path.join(options.outDir, 'issues', '2013-W05', 'email.html'));
    const again = await buildSite(options);
    expect(again.written).toEqual(['issues/2013-W05/email.html']);
  });

  it('re-renders every roundup when the templates change', async () => {
    await buildSite(options);
    await site.write('templates/email/post-card.mjml.hbs', '<mj-text mj-class="post"><h3><a href="{{url}}">{{title}}</a></h3><p><a href="{{url}}">Continue reading: {{title}}</a></p></mj-text>\n');
    const again = await buildSite(await current());
    expect(emailFiles(again.written).filter((f) => f.endsWith('email.html'))).toHaveLength(9);
  });

  it('fails on a broken template before writing anything, naming the file and line', async () => {
    const file = await site.write('templates/email/footer.mjml.hbs', '<mj-section>\n{{#if links}}\n</mj-section>\n');
    const failed = current().then(buildSite);
    await expect(failed).rejects.toThrow(TemplateError);
    await expect(failed).rejects.toThrow(`${file}:`);
    await expect(readdir(options.outDir)).rejects.toThrow(/ENOENT/);
  });
});
