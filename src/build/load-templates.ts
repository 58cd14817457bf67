import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { InputError } from '../errors.js';
import type { TemplateFile, TemplateSet } from '../digest/templates/files.js';
import { BUILT_IN_TEMPLATES_DIR, TEMPLATE_EXT } from '../digest/templates/files.js';

export interface LoadTemplatesOptions {
  readonly config: Config;
  /** The site's folder: config.digest.templatesDir is relative to it. */
  readonly rootDir: string;
  /** The built-in templates (default: the package's templates/). */
  readonly builtInDir?: string;
}

/**
 * Reads the roundup templates: the layout and the partials in `email/`,
 * and the visual theme (`themes/<digest.visualTheme>/`). A file in the
 * user's templates folder replaces the built-in file of the same name; a
 * file in the visual theme's folder replaces the `email/` file of the same
 * name. The one I/O step of rendering: everything after it is pure.
 */
export async function loadTemplates(options: LoadTemplatesOptions): Promise<TemplateSet> {
  const { config } = options;
  const builtIn = options.builtInDir ?? BUILT_IN_TEMPLATES_DIR;
  const user = path.resolve(options.rootDir, config.digest.templatesDir);
  const roots = user === path.resolve(builtIn) ? [builtIn] : [user, builtIn];
  const theme = config.digest.visualTheme;
  // Most specific first: the user's theme, the user's email/, the built-in theme, the built-in email/.
  const folders = roots.flatMap((root) => [path.join(root, 'themes', theme), path.join(root, 'email')]);

  if (!(await exists(roots.map((root) => path.join(root, 'themes', theme, `theme${TEMPLATE_EXT}`))))) {
    const available = [...new Set((await Promise.all(roots.map((root) => subfolders(path.join(root, 'themes'))))).flat())].sort();
    throw new InputError(
      `digest.visualTheme "${theme}" has no templates: there is no themes/${theme}/theme${TEMPLATE_EXT} in ${roots.join(' or ')}; available: ${
        available.map((t) => `"${t}"`).join(', ') || 'none'
      }`,
    );
  }

  const chosen = new Map<string, string>();
  for (const folder of folders) {
    for (const name of await templateNames(folder)) if (!chosen.has(name)) chosen.set(name, path.join(folder, `${name}${TEMPLATE_EXT}`));
  }
  const layoutFile = chosen.get('layout');
  if (layoutFile === undefined) throw new InputError(`no email/layout${TEMPLATE_EXT} in ${roots.join(' or ')}`);
  const read = async (file: string): Promise<TemplateFile> => ({
    name: path.relative(roots.find((r) => file.startsWith(r + path.sep)) ?? path.dirname(file), file).split(path.sep).join('/'),
    file,
    source: stripBom(await readFile(file, 'utf8')),
    builtIn: file.startsWith(path.resolve(builtIn) + path.sep) && !(roots.length > 1 && file.startsWith(user + path.sep)),
  });
  const partials = new Map<string, TemplateFile>();
  for (const [name, file] of [...chosen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name !== 'layout') partials.set(name, await read(file));
  }
  return { visualTheme: theme, layout: await read(layoutFile), partials };
}

/** Partial names (file names without .mjml.hbs) in a folder; none when it does not exist. */
async function templateNames(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith(TEMPLATE_EXT) && !e.name.startsWith('.'))
      .map((e) => e.name.slice(0, -TEMPLATE_EXT.length))
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function subfolders(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function exists(files: readonly string[]): Promise<boolean> {
  for (const file of files) {
    try {
      await access(file);
      return true;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return false;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
