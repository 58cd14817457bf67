import { writeFileSync } from 'node:fs';
import path from 'node:path';
import slugify from '@sindresorhus/slugify';
import { DateTime } from 'luxon';
import { loadAppConfig } from '../app/config.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../errors.js';
import { describeFsError } from '../files/fs-error.js';
import { makeDirectorySync } from '../files/make-dir.js';
import type { CommandContext } from './main.js';

/**
 * `tidings new "A title"`: a Markdown post with front matter in the first
 * content folder (`YYYY-MM-DD-slug.md` in a Jekyll `_posts` folder, as
 * Jekyll needs; `slug.md` elsewhere), dated now in the site's time zone.
 * Never overwrites a file. What `tidings new` runs (imported by new.ts
 * only when the command runs: its --help loads none of this).
 */
export async function newAction(ctx: CommandContext, title: string, opts: { date?: string }): Promise<number> {
  const configFile = ctx.configFile();
  const { config, rootDir } = await loadAppConfig({ cwd: ctx.io.cwd, env: ctx.io.env, ...(configFile ? { configFile } : {}) });
  const zone = config.site.timeZone;
  const date = opts.date === undefined ? DateTime.now().setZone(zone) : DateTime.fromISO(opts.date, { zone, setZone: true });
  if (!date.isValid) {
    ctx.io.err(`error: --date "${opts.date ?? ''}" is not a date (write it as 2026-12-01 or 2026-12-01T09:30)`);
    return EXIT_BAD_INPUT;
  }
  const clean = title.trim();
  const slug = slugify(clean, { decamelize: false }) || 'post';
  const folder = path.resolve(rootDir, config.content.paths.find((p) => !/^https?:\/\//i.test(p) && path.extname(p) === '') ?? 'content');
  const name = path.basename(folder) === '_posts' ? `${date.toFormat('yyyy-MM-dd')}-${slug}.md` : `${slug}.md`;
  const file = path.join(folder, name);
  const shown = path.relative(ctx.io.cwd, file);
  const text = `---\ntitle: ${JSON.stringify(clean)}\ndate: ${date.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ")}\ndraft: false\ntags: []\n---\n\nWrite your post here.\n`;
  try {
    makeDirectorySync(folder);
    writeFileSync(file, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      ctx.io.err(`error: ${shown} already exists; new never overwrites a post (choose another title)`);
    } else {
      ctx.io.err(`error: cannot write ${shown}: ${describeFsError(err)}`);
    }
    return EXIT_BAD_INPUT;
  }
  ctx.io.out(`wrote ${shown}\nWrite it, then: tidings import && tidings preview`);
  return EXIT_OK;
}
