import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';
import { previewSite, TEST_TIMEOUT, type PreviewRun } from './helpers.js';

const SECRET = 'preview-clicks-secret-0123456789-abcdefgh';

describe('the preview’s clicks panel', () => {
  let site: Site | undefined;
  let run: PreviewRun | undefined;
  afterEach(async () => {
    await run?.preview.close();
    await site?.cleanup();
    run = undefined;
    site = undefined;
  });

  it(
    'shows what tidings stats shows: clicks per post per issue, and what is counted',
    async () => {
      const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
      site = await makeSite({ seeds: true, config: `${demo}\nsubscriptions:\n  secret: ${SECRET}\nengagement:\n  clicks: true\n  perSubscriber: true\n` });
      expect((await site.run('import')).code).toBe(0);
      const app = await openApp({ cwd: site.dir, env: {} });
      const [first, second] = (await app.store.listPosts()).slice(0, 2);
      await app.store.upsertSubscribers([{ email: 'ann@example.org', status: 'active' }]);
      const ann = await app.store.findSubscriberByEmail('ann@example.org');
      for (let i = 0; i < 3; i++) await app.store.countClick({ issueId: '2019-W31', postId: first?.id ?? '', url: first?.url ?? '', subscriberId: ann?.id ?? 0 });
      await app.store.countClick({ issueId: '2019-W31', postId: second?.id ?? '', url: second?.url ?? '' });
      await app.close();

      run = await previewSite(site);
      const res = await fetch(new URL('clicks', run.preview.url));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('aria-current="page">Clicks');
      expect(html).toContain('counted per issue and post, and per subscriber');
      expect(html).toContain('4 clicks on 2 posts');
      const rows = [...html.matchAll(/<tr><td>([^<]*)<br><span class="small">([^<]*)<\/span><\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1));
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      expect(rows).toEqual([
        [esc(first?.title ?? ''), esc(first?.url ?? ''), '3', '1'],
        [esc(second?.title ?? ''), esc(second?.url ?? ''), '1', '0'],
      ]);
      // Every page's navigation leads to it.
      expect(await (await fetch(run.preview.url)).text()).toContain('<a href="/clicks">Clicks</a>');
    },
    TEST_TIMEOUT,
  );
});
