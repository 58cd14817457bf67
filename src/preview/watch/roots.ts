import path from 'node:path';
import { IMPORTABLE_EXTENSIONS } from '../../import/collect.js';
import { TEMPLATE_EXT } from '../../digest/templates/files.js';
import type { ChangeSet } from './changes.js';

/** What the preview watches: absolute paths. */
export interface WatchRoots {
  /** Folders and files the import reads (content.paths that are not URLs). */
  readonly content: readonly string[];
  /** The user's templates folder (digest.templatesDir). */
  readonly templates: string;
  /** The config file (tidings.config.yaml, or --config). */
  readonly config: string;
}

export type FileEvent = 'add' | 'change' | 'unlink';

/**
 * The change a file event means, or null when the preview does not care
 * (an editor's swap file, a file the import would not read, something in
 * out/). Pure.
 */
export function classify(roots: WatchRoots, file: string, event: FileEvent): ChangeSet | null {
  const abs = path.resolve(file);
  if (abs === roots.config) return { config: true, templates: false, content: [] };
  const name = path.basename(abs);
  if (name.startsWith('.')) return null;
  if (within(abs, roots.templates)) return name.endsWith(TEMPLATE_EXT) ? { config: false, templates: true, content: [] } : null;
  const root = roots.content.find((r) => abs === r || within(abs, r));
  if (root === undefined || !IMPORTABLE_EXTENSIONS.has(path.extname(name).toLowerCase())) return null;
  // A removed post file: its folder is imported again, which withdraws the posts only that file held, as `tidings import` does.
  if (event === 'unlink') return abs === root ? null : { config: false, templates: false, content: [root] };
  return { config: false, templates: false, content: [abs] };
}

/**
 * Folders to hand to the file watcher, and which paths below them matter:
 * a root inside `baseDir` is watched through `baseDir` (so that a
 * templates folder created later is seen), any other root on its own.
 */
export function watchPlan(roots: WatchRoots, baseDir: string): { folders: string[]; relevant: (file: string) => boolean } {
  const all = [...roots.content, roots.templates, roots.config];
  const folders = [...new Set(all.map((root) => (within(root, baseDir) || root === baseDir ? baseDir : root)))];
  const relevant = (file: string): boolean => {
    const abs = path.resolve(file);
    return all.some((root) => abs === root || within(abs, root) || within(root, abs));
  };
  return { folders, relevant };
}

/** Whether `file` lies strictly below `dir`. */
export function within(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The roots for a config: content paths resolved as `tidings import`
 * resolves them (against the working folder), the templates folder
 * against the site's folder, and the config file (the default name in the
 * site's folder when none was read, so that creating one is noticed).
 */
export function watchRoots(input: { contentPaths: readonly string[]; templatesDir: string; cwd: string; rootDir: string; configFile: string | null }): WatchRoots {
  return {
    content: input.contentPaths.filter((p) => !/^https?:\/\//i.test(p)).map((p) => path.resolve(input.cwd, p)),
    templates: path.resolve(input.rootDir, input.templatesDir),
    config: input.configFile ?? path.join(input.rootDir, 'tidings.config.yaml'),
  };
}
