import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';

/** One thing to import: a file on disk or a feed at an http(s) URL. */
export type ImportInput = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** File endings read when a folder is imported. A file named explicitly is read whatever its ending. */
export const IMPORTABLE_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.xml', '.rss', '.rdf', '.atom', '.json']);

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * A folder named on the command line, as walked: the path of every file
 * found in it (as shown and stored), and whether every folder below it
 * could be read. A stored file below a folder read in full that is no
 * longer found was deleted.
 */
export interface ImportedFolder {
  /** As shown and stored, with forward slashes and no trailing slash. */
  path: string;
  files: Set<string>;
  complete: boolean;
}

/**
 * Expands the paths a user gave into files (folders recursively, in a stable
 * order) and URLs. A path that does not exist is a diagnostic, not a crash.
 */
export async function collectInputs(
  args: readonly string[],
  cwd: string,
): Promise<{ inputs: ImportInput[]; diagnostics: Diagnostic[]; folders: ImportedFolder[] }> {
  const inputs: ImportInput[] = [];
  const diagnostics: Diagnostic[] = [];
  const folders: ImportedFolder[] = [];
  const shown = displayPaths(cwd);
  const seen = new Set<string>();
  const add = (input: ImportInput): void => {
    const key = input.kind === 'file' ? input.path : input.url;
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push(input);
    }
  };
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      add({ kind: 'url', url: arg });
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      diagnostics.push(diagnostic(arg, 0, `cannot read: ${describeFsError(err)}`, 'check the path'));
      continue;
    }
    if (info.isDirectory()) {
      const before = diagnostics.length;
      const files = (await walk(abs, diagnostics)).map(shown);
      for (const file of files) add({ kind: 'file', path: file });
      folders.push({ path: path.resolve(cwd) === abs ? '' : shown(abs).replace(/\/+$/, ''), files: new Set(files), complete: diagnostics.length === before });
    } else {
      add({ kind: 'file', path: shown(abs) });
    }
  }
  return { inputs, diagnostics, folders };
}

/** Whether a stored file's path is one that a walk of `folder` would find (below it, importable, not hidden). */
export function walkedBy(folder: string, file: string): boolean {
  const prefix = folder === '' ? '' : `${folder}/`;
  if (!file.startsWith(prefix)) return false;
  const segments = file.slice(prefix.length).split('/');
  if (segments.some((s) => s === '' || s.startsWith('.') || SKIPPED_DIRS.has(s))) return false;
  return IMPORTABLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

async function walk(dir: string, diagnostics: Diagnostic[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    diagnostics.push(diagnostic(dir, 0, `cannot read folder: ${describeFsError(err)}`, 'check its permissions'));
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  const templates = new Set(entries.filter((e) => TEMPLATE.test(e.name)).map((e) => stem(e.name)));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full, diagnostics)));
    else if (entry.isFile() && IMPORTABLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()) && !isDataFile(entry.name, dir, templates)) files.push(full);
  }
  return files;
}

/** A page's own file, whose `.json` beside it is the page's data (Eleventy). */
const TEMPLATE = /\.(?:md|markdown|html|njk|liquid|hbs|mustache|ejs|haml|pug|11ty\.js)$/i;

function stem(name: string): string {
  return name.replace(/\.11ty\.js$/i, '').replace(/\.[^.]+$/, '');
}

/**
 * Eleventy's template and directory data files, which sit among the posts
 * and are no feed: `post.json` beside `post.md`, `post.11tydata.json`, and
 * `_posts/_posts.json` (named like its folder). A walk leaves them out.
 */
function isDataFile(name: string, dir: string, templates: ReadonlySet<string>): boolean {
  if (!/\.json$/i.test(name)) return false;
  const base = name.slice(0, -'.json'.length);
  return /\.11tydata$/i.test(base) || templates.has(base) || base === path.basename(dir);
}

/** Paths inside the working folder are shown (and stored) relative to it, with forward slashes. */
export function displayPath(abs: string, cwd: string): string {
  return displayPaths(cwd)(abs);
}

/**
 * displayPath for many paths below one working folder: the folder is
 * resolved once (per path, it was a twentieth of an import that finds
 * 10,000 files unchanged). The common case goes without path.relative's
 * work: on POSIX, a normalised absolute path below the normalised folder is
 * the rest of it; one elsewhere is shown whole.
 */
export function displayPaths(cwd: string): (abs: string) => string {
  const base = path.resolve(cwd);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return (abs) => {
    if (path.sep === '/' && path.isAbsolute(abs) && !abs.endsWith('/') && path.normalize(abs) === abs) {
      return abs.startsWith(prefix) && abs.length > prefix.length ? abs.slice(prefix.length) : abs;
    }
    const rel = path.relative(cwd, abs);
    const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
    return shown.split(path.sep).join('/');
  };
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return e.message ?? String(err);
  }
}
