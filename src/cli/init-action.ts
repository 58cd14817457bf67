import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../config/parse.js';
import { CONFIG_FILE } from '../config/load.js';
import { EXIT_BAD_INPUT, EXIT_OK } from '../errors.js';
import { describeFsError } from '../files/fs-error.js';
import { detectTarget } from '../init/detect.js';
import { renderConfig } from '../init/render.js';
import { survey } from '../init/survey.js';
import type { CommandContext } from './main.js';

/** What `tidings init` runs (imported by init.ts only when the command runs: its --help loads none of this). */
export async function initAction(ctx: CommandContext, source: string): Promise<number> {
  const file = path.resolve(ctx.io.cwd, ctx.configFile() ?? CONFIG_FILE);
  const shown = path.relative(ctx.io.cwd, file) || file;
  const exists = (): number => {
    ctx.io.err(`error: ${shown} already exists; init never overwrites a config (move it away first, or give another with --config)`);
    return EXIT_BAD_INPUT;
  };
  if (existsSync(file)) return exists();
  const target = detectTarget(source, ctx.io.cwd);
  if (typeof target === 'string') {
    ctx.io.err(`error: ${target} (give a site's folder, a WordPress or Ghost export, or a feed URL)`);
    return EXIT_BAD_INPUT;
  }
  const plan = await survey(target, path.dirname(file));
  if (typeof plan === 'string') {
    ctx.io.err(`error: ${plan}`);
    return EXIT_BAD_INPUT;
  }
  const text = renderConfig(plan);
  parseConfig(text, shown); // what init writes must load: a failure here is a bug, reported as one
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return exists();
    ctx.io.err(`error: cannot write ${shown}: ${describeFsError(err)}`);
    return EXIT_BAD_INPUT;
  }
  const themes = plan.themes.length === 0 ? 'no themes proposed' : `themes proposed: ${plan.themes.map((t) => t.slug).join(', ')}`;
  const config = ctx.configFile() !== undefined ? ` --config ${shown}` : '';
  ctx.io.out(
    `wrote ${shown} for ${plan.found}: ${plan.postsRead} post(s) found, ${themes}.\n` +
      `Check it, then:\n  tidings${config} import\n  tidings${config} preview`,
  );
  return EXIT_OK;
}
