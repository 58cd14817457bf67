/**
 * What `tidings init` was pointed at: a Jekyll, Hugo or Eleventy site (by
 * the files each generator needs), a folder of Markdown, a WordPress or
 * Ghost export file, or a feed address. Decided from the file system only.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type SiteKind = 'jekyll' | 'hugo' | 'eleventy' | 'markdown' | 'wxr' | 'ghost' | 'feed';

export interface Target {
  kind: SiteKind;
  /** The folder, file or URL as the user gave it. */
  given: string;
  /** Absolute path of the folder or file (the URL for a feed). */
  abs: string;
  /** The generator's config file (absolute), when there is one. */
  configFile?: string;
}

const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config/_default/hugo.toml', 'config/_default/config.toml'];
const ELEVENTY_CONFIGS = ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', 'eleventy.config.ts', '.eleventy.js', '.eleventy.cjs', '.eleventy.mjs'];

/** The target, or a sentence saying why `given` is none of them. */
export function detectTarget(given: string, cwd: string): Target | string {
  if (/^https?:\/\//i.test(given)) return { kind: 'feed', given, abs: given };
  const abs = path.resolve(cwd, given);
  if (!existsSync(abs)) return `${given} does not exist`;
  const stat = statSync(abs);
  if (stat.isFile()) return { kind: 'wxr', given, abs }; // refined by the caller, which reads the file
  const has = (rel: string): boolean => existsSync(path.join(abs, rel));
  if (has('_config.yml') || has('_config.yaml') || has('_posts')) {
    const configFile = ['_config.yml', '_config.yaml'].map((f) => path.join(abs, f)).find((f) => existsSync(f));
    return { kind: 'jekyll', given, abs, ...(configFile ? { configFile } : {}) };
  }
  const eleventy = ELEVENTY_CONFIGS.find(has);
  if (eleventy !== undefined) return { kind: 'eleventy', given, abs, configFile: path.join(abs, eleventy) };
  const hugo = HUGO_CONFIGS.find(has);
  if (hugo !== undefined && has('content')) return { kind: 'hugo', given, abs, configFile: path.join(abs, hugo) };
  if (hasMarkdown(abs)) return { kind: 'markdown', given, abs };
  return `${given} is neither a Jekyll, Hugo or Eleventy site nor a folder of Markdown posts`;
}

function hasMarkdown(dir: string, depth = 0): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile() && /\.(?:md|markdown)$/i.test(e.name)) return true;
    if (depth < 3 && e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && hasMarkdown(path.join(dir, e.name), depth + 1)) return true;
  }
  return false;
}

/** The folder that holds a site's posts, relative to the site; the first that exists. */
export function postsFolder(target: Target): string {
  const candidates: Record<SiteKind, string[]> = {
    jekyll: ['_posts'],
    hugo: ['content/posts', 'content/post', 'content/blog', 'content'],
    eleventy: ['posts', 'content/blog', 'content/posts', 'src/posts', 'src/blog', 'src/content/posts', 'blog', 'content'],
    markdown: ['.'],
    wxr: ['.'],
    ghost: ['.'],
    feed: ['.'],
  };
  return candidates[target.kind].find((c) => existsSync(path.join(target.abs, c))) ?? '.';
}
