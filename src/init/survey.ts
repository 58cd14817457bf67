/**
 * What `tidings init` learns about its target, with I/O: the generator's
 * settings and the posts' tags, read by the same adapters `tidings import`
 * uses, so that what init proposes is what import will find.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { collectInputs } from '../import/collect.js';
import { decodeInput, readInput } from '../import/read-input.js';
import type { RawPost } from '../model/raw-post.js';
import { detectFormat } from '../sources/detect.js';
import { parseSource } from '../sources/index.js';
import type { SiteKind, Target } from './detect.js';
import { postsFolder } from './detect.js';
import { feedSettings, ghostSettings, wxrSettings } from './export-settings.js';
import type { InitPlan } from './render.js';
import { eleventySettings, hugoSettings, jekyllSettings, parseGeneratorConfig } from './settings.js';
import type { SiteSettings } from './settings.js';
import { proposeThemes } from './themes.js';

const NAMES: Record<SiteKind, string> = {
  jekyll: 'a Jekyll site',
  hugo: 'a Hugo site',
  eleventy: 'an Eleventy site',
  markdown: 'a folder of Markdown posts',
  wxr: 'a WordPress export',
  ghost: 'a Ghost export',
  feed: 'a feed',
};

const MAX_BYTES = 256 * 1024 * 1024;

/** The plan for the config, or a sentence saying why there is none. */
export async function survey(target: Target, cwd: string): Promise<InitPlan | string> {
  let kind = target.kind;
  let text = '';
  if (target.kind === 'feed' || target.kind === 'wxr') {
    const read = await readInput(target.kind === 'feed' ? { kind: 'url', url: target.abs } : { kind: 'file', path: target.abs }, { cwd, maxBytes: MAX_BYTES });
    if (!('bytes' in read)) return `${target.given}: ${read.message}`;
    const decoded = decodeInput(read);
    if (!decoded.input) return `${target.given}: ${decoded.diagnostics[0]?.message ?? 'not text'}`;
    text = decoded.input.text;
    if (target.kind === 'wxr') {
      const format = detectFormat(target.abs, text.slice(0, 4096));
      if (format === 'ghost') kind = 'ghost';
      else if (format === 'feed-xml' || format === 'json-feed') kind = 'feed';
      else if (format !== 'wxr') return `${target.given} is not a WordPress or Ghost export, a feed, or a site's folder`;
    }
  }

  let settings: SiteSettings = {};
  let settingsFrom = 'as tidings found it';
  let posts: RawPost[] = [];
  let contentPaths: string[];
  if (kind === 'wxr' || kind === 'ghost' || kind === 'feed') {
    settings = kind === 'wxr' ? wxrSettings(text) : kind === 'ghost' ? ghostSettings(text) : feedSettings(text);
    settingsFrom = `from the ${kind === 'feed' ? 'feed' : 'export'}`;
    posts = (await parseSource({ path: target.abs, text })).posts;
    contentPaths = [target.kind === 'feed' ? target.abs : relative(cwd, target.abs)];
  } else {
    if (target.configFile !== undefined) {
      const data = parseGeneratorConfig(target.configFile, readFileSync(target.configFile, 'utf8'));
      settings = kind === 'jekyll' ? jekyllSettings(data) : hugoSettings(data);
      settingsFrom = `from ${relative(cwd, target.configFile)}`;
    }
    if (kind === 'eleventy') {
      const dataFile = ['_data/metadata.json', '_data/site.json', 'src/_data/metadata.json', 'src/_data/site.json'].map((f) => path.join(target.abs, f)).find(existsSync);
      if (dataFile !== undefined) {
        settings = eleventySettings(parseGeneratorConfig(dataFile, readFileSync(dataFile, 'utf8')));
        settingsFrom = `from ${relative(cwd, dataFile)}`;
      } else settingsFrom = 'not found (Eleventy keeps them in _data/, which had no metadata.json or site.json)';
    }
    const folder = path.join(target.abs, postsFolder(target));
    contentPaths = [relative(cwd, folder)];
    posts = await markdownPosts(folder, cwd);
  }
  const published = posts.filter((p) => p.draft !== true && p.kind !== 'page');
  return {
    found: `${NAMES[kind]} (${target.given})`,
    settings,
    settingsFrom,
    contentPaths,
    themes: proposeThemes(published.map((p) => p.themes ?? [])),
    postsRead: published.length,
    offerPages: (kind === 'wxr' || kind === 'ghost') && posts.some((p) => p.kind === 'page'),
  };
}

async function markdownPosts(folder: string, cwd: string): Promise<RawPost[]> {
  const { inputs } = await collectInputs([folder], cwd);
  const posts: RawPost[] = [];
  for (const input of inputs) {
    if (input.kind !== 'file' || !/\.(?:md|markdown)$/i.test(input.path)) continue;
    const read = await readInput(input, { cwd, maxBytes: MAX_BYTES });
    if (!('bytes' in read)) continue;
    const decoded = decodeInput(read);
    if (decoded.input) posts.push(...(await parseSource({ path: decoded.input.path, text: decoded.input.text })).posts);
  }
  return posts;
}

/** A path as the config names it: relative to the folder the config is in, `.` for that folder. */
function relative(from: string, to: string): string {
  return path.relative(from, to) || '.';
}
