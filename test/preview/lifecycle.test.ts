import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';
import { scheduleConfig } from '../schedule/site.js';
import { previewSite, type PreviewRun } from './helpers.js';

const post = (title: string, date: string) => ['---', `title: "${title}"`, `date: ${date}`, '---', `${title}: the whole story.`, ''].join('\n');

/** Resolves once `done()` holds: polled as the preview logs its refreshes (at most 20 s). */
async function until(done: () => boolean, logs: readonly string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not done in 20 s; the preview logged:\n${logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The preview's Posts page once `done` holds for it: polled as the preview logs its refreshes (at most 20 s). */
async function postsPageWhen(run: PreviewRun, done: (html: string) => boolean): Promise<string> {
  let html = '';
  const deadline = Date.now() + 20_000;
  while (!done((html = await (await fetch(`${run.preview.url}posts`)).text()))) {
    if (Date.now() > deadline) throw new Error(`not done in 20 s; the preview logged:\n${run.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return html;
}

const titles = (html: string): string[] => [...html.matchAll(/<a href="\/site\/posts\/[^"]*">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');

describe('tidings preview and the lifecycle of posts', () => {
  let site: Site;
  let run: PreviewRun | undefined;
  afterEach(async () => {
    await run?.preview.close();
    await site.cleanup();
  });

  it('marks a scheduled post as scheduled (no page, no roundup yet) and leaves a withdrawn one out', async () => {
    site = await makeSite({ config: scheduleConfig() });
    await site.write('content/posts/out.md', post('Out already', '2025-10-14T10:00:00+01:00'));
    await site.write('content/posts/ahead.md', post('Written ahead', '2099-01-05T09:00:00Z'));
    await site.write('content/posts/down.md', post('Taken down', '2025-10-15T10:00:00+01:00'));
    expect((await site.run('import')).code).toBe(0);
    expect((await site.run('posts', 'withdraw', '/posts/2025/10/taken-down/')).code).toBe(0);
    run = await previewSite(site);
    const html = await (await fetch(`${run.preview.url}posts`)).text();
    expect(html).toMatch(/<tr class="scheduled"><td>Written ahead <span class="state scheduled">scheduled: published [^<]*2099<\/span><\/td>/);
    expect(html).toContain('after its date');
    expect(html).toMatch(/<a href="\/site\/posts\/2025\/10\/out-already\/">Out already<\/a>/);
    expect(html).not.toContain('Taken down');
    const roundups = await (await fetch(run.preview.url)).text();
    expect(roundups).not.toContain('2099');

    // a post file removed while the preview runs: its post is withdrawn at once
    const preview = run;
    await rm(path.join(site.dir, 'content/posts/out.md'));
    await until(() => preview.logs.some((l) => /1 withdrawn\): refreshed/.test(l)), preview.logs);
    expect(await (await fetch(`${preview.preview.url}posts`)).text()).not.toContain('Out already');
  });

  it('follows post files added, edited, renamed and removed while it runs, newest first', async () => {
    site = await makeSite({ config: scheduleConfig() });
    await site.write('content/posts/first.md', post('First post', '2025-10-14T10:00:00+01:00'));
    run = await previewSite(site);
    const preview = run;
    expect(titles(await postsPageWhen(preview, () => true))).toEqual(['First post']);

    await site.write('content/posts/second.md', post('Second post', '2025-10-16T10:00:00+01:00'));
    expect(titles(await postsPageWhen(preview, (html) => html.includes('Second post')))).toEqual(['Second post', 'First post']);

    await site.write('content/posts/second.md', post('Second post, edited', '2025-10-13T10:00:00+01:00'));
    expect(titles(await postsPageWhen(preview, (html) => html.includes('Second post, edited')))).toEqual(['First post', 'Second post, edited']);

    // Renamed: still one post. A file written after it shows once the rename is through (changes are applied in order).
    await rename(path.join(site.dir, 'content/posts/second.md'), path.join(site.dir, 'content/posts/third.md'));
    await site.write('content/posts/fourth.md', post('Fourth post', '2025-10-17T10:00:00+01:00'));
    expect(titles(await postsPageWhen(preview, (html) => html.includes('Fourth post')))).toEqual(['Fourth post', 'First post', 'Second post, edited']);

    await rm(path.join(site.dir, 'content/posts/first.md'));
    expect(titles(await postsPageWhen(preview, (html) => !html.includes('First post')))).toEqual(['Fourth post', 'Second post, edited']);
    await rm(path.join(site.dir, 'content/posts/third.md'));
    expect(titles(await postsPageWhen(preview, (html) => !html.includes('Second post')))).toEqual(['Fourth post']);
  });
});
