import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { EXIT_OK } from '../errors.js';
import type { Post } from '../model/post.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

export function registerPosts(program: Command, ctx: CommandContext): void {
  program
    .command('posts')
    .description('list the posts in the content store, newest first')
    .option('--json', 'print JSON (id, published, title, title_derived, themes, tags, url, sources)')
    .option('--theme <slug>', 'only posts with this theme')
    .action(
      ctx.action(async (opts: { json?: boolean; theme?: string }) =>
        withApp(ctx, async (app) => {
          const posts = await app.store.listPosts(opts.theme ? { theme: opts.theme } : {});
          if (opts.json) {
            ctx.io.out(JSON.stringify(posts.map(toListing), null, 2));
          } else {
            const zone = app.config.site.timeZone;
            for (const p of posts) {
              const date = DateTime.fromISO(p.published, { zone }).toISODate() ?? p.published;
              const title = p.titleDerived ? `${p.title} [derived title]` : p.title;
              ctx.io.out(`${p.id}  ${date}  ${title}\n    themes: ${p.themes.join(', ') || '-'}  ${p.url}\n    from: ${p.sources.map((s) => `${s.file}:${s.line}`).join(', ')}`);
            }
            ctx.io.out(`${posts.length} post(s)`);
          }
          return EXIT_OK;
        }),
      ),
    );
}

function toListing(p: Post): Record<string, unknown> {
  return {
    id: p.id,
    published: p.published,
    title: p.title,
    title_derived: p.titleDerived,
    themes: p.themes,
    tags: p.tags,
    url: p.url,
    sources: p.sources.map((s) => ({ file: s.file, format: s.format, line: s.line })),
  };
}
