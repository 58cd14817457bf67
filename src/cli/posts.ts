import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { App } from '../app.js';
import { EXIT_OK, InputError } from '../errors.js';
import type { Post } from '../model/post.js';
import { postState } from '../model/post-state.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

interface ListFlags {
  json?: boolean;
  theme?: string;
  withdrawn?: boolean;
}

export function registerPosts(program: Command, ctx: CommandContext): void {
  const posts = program
    .command('posts')
    .description('list the posts in the content store, newest first (`posts --withdrawn`: the ones taken down); take one down or put it back with `posts withdraw` / `posts restore`');

  posts
    .command('list', { isDefault: true })
    .description('list the posts, newest first: withdrawn ones are left out (--withdrawn lists just them); scheduled ones are marked')
    .option('--json', 'print JSON (id, published, title, title_derived, themes, tags, url, sources, state, withdrawn)')
    .option('--theme <slug>', 'only posts with this theme')
    .option('--withdrawn', 'only the withdrawn posts, with when and why')
    .action(ctx.action(async (flags: ListFlags) => withApp(ctx, (app) => list(ctx, app, flags))));

  posts
    .command('withdraw')
    .description('take a post down: out of every feed, page and roundup not yet sent; its address answers 410 Gone after the next build. Its id is never given to another post')
    .argument('<post>', "the post's id or its address (URL)")
    .option('--reason <text>', 'why, for `tidings posts --withdrawn` (e.g. "legal complaint, ticket 41")')
    .action(ctx.action(async (ref: string, flags: { reason?: string }) => withApp(ctx, (app) => withdraw(ctx, app, ref, flags.reason))));

  posts
    .command('restore')
    .description('put a withdrawn post back up (at the next build)')
    .argument('<post>', "the post's id or its address (URL)")
    .action(ctx.action(async (ref: string) => withApp(ctx, (app) => restore(ctx, app, ref))));
}

async function list(ctx: CommandContext, app: App, flags: ListFlags): Promise<number> {
  const posts = await app.store.listPosts({ ...(flags.theme ? { theme: flags.theme } : {}), ...(flags.withdrawn ? { withdrawn: 'only' } : {}) });
  const now = app.now();
  if (flags.json) {
    ctx.io.out(JSON.stringify(posts.map((p) => toListing(p, now)), null, 2));
    return EXIT_OK;
  }
  const zone = app.config.site.timeZone;
  const day = (iso: string): string => DateTime.fromISO(iso, { zone }).toISODate() ?? iso;
  for (const p of posts) {
    const title = p.titleDerived ? `${p.title} [derived title]` : p.title;
    const state = postState(p, now);
    const mark = state === 'scheduled' ? '  [scheduled]' : state === 'expired' ? '  [expired]' : '';
    ctx.io.out(`${p.id}  ${day(p.published)}  ${title}${mark}\n    themes: ${p.themes.join(', ') || '-'}  ${p.url}\n    from: ${p.sources.map((s) => `${s.file}:${s.line}`).join(', ')}`);
    if (p.withdrawn) ctx.io.out(`    withdrawn ${p.withdrawn.at} (${p.withdrawn.cause}): ${p.withdrawn.reason}`);
  }
  ctx.io.out(`${posts.length} ${flags.withdrawn ? 'withdrawn ' : ''}post(s)`);
  return EXIT_OK;
}

async function withdraw(ctx: CommandContext, app: App, ref: string, reason: string | undefined): Promise<number> {
  const post = await findPost(app, ref);
  if (post.withdrawn?.cause === 'command') {
    ctx.io.out(`${post.id} ("${post.title}") was already withdrawn at ${post.withdrawn.at}: ${post.withdrawn.reason}`);
    return EXIT_OK;
  }
  const withdrawal = { at: app.now().toISOString(), reason: reason?.trim() || 'withdrawn by command', cause: 'command' as const };
  // A command's withdrawal replaces one by a file or a draft flag: the file coming back must not bring the post back.
  await app.store.withdrawPost(post.id, withdrawal, { replace: true });
  ctx.io.out(`withdrew ${post.id} ("${post.title}"): ${withdrawal.reason}`);
  ctx.io.out(`run tidings build to take it out of the feeds, pages and roundups not yet sent; ${post.url} then answers 410 Gone`);
  return EXIT_OK;
}

async function restore(ctx: CommandContext, app: App, ref: string): Promise<number> {
  const post = await findPost(app, ref);
  if (post.withdrawn === undefined) {
    ctx.io.out(`${post.id} ("${post.title}") is not withdrawn: nothing to do`);
    return EXIT_OK;
  }
  await app.store.restorePost(post.id);
  ctx.io.out(`restored ${post.id} ("${post.title}"); run tidings build to put it back in the feeds and pages`);
  return EXIT_OK;
}

/** A post by its id or its address (with or without the trailing slash, or only its path). */
async function findPost(app: App, ref: string): Promise<Post> {
  const wanted = ref.trim();
  const byId = await app.store.getPost(wanted);
  if (byId) return byId;
  const key = addressKey(wanted);
  const all = await app.store.listPosts({ withdrawn: 'include' });
  const match = all.find((p) => addressKey(p.url) === key || (wanted.startsWith('/') && pathKey(p.url) === key));
  if (match) return match;
  throw new InputError(`no post has the id or address ${JSON.stringify(ref)}: tidings posts lists them (ids and addresses), tidings posts --withdrawn the withdrawn ones`);
}

function addressKey(value: string): string {
  return value.replace(/\/+$/, '').replace(/^https?:\/\//i, '').toLowerCase();
}

function pathKey(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, '').toLowerCase();
  } catch {
    return url;
  }
}

function toListing(p: Post, now: Date): Record<string, unknown> {
  return {
    id: p.id,
    published: p.published,
    title: p.title,
    title_derived: p.titleDerived,
    themes: p.themes,
    tags: p.tags,
    url: p.url,
    sources: p.sources.map((s) => ({ file: s.file, format: s.format, line: s.line })),
    state: postState(p, now),
    ...(p.expires !== undefined && { expires: p.expires }),
    ...(p.withdrawn !== undefined && { withdrawn: p.withdrawn }),
  };
}
