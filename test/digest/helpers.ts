import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config/schema.js';
import type { DigestTemplates, RenderedIssue } from '../../src/digest/index.js';
import { compileTemplates, personalise } from '../../src/digest/index.js';
import { loadTemplates } from '../../src/build/load-templates.js';
import type { Post } from '../../src/model/post.js';
import { makeConfig, makePost } from '../feeds/fixtures.js';

/** A config for roundup tests: the feed fixtures' site and themes, with a sender and a postal address. */
export function digestConfig(digest: Partial<Config['digest']> = {}, overrides: Partial<Config['email']> = {}): Config {
  const base = makeConfig();
  return {
    ...base,
    digest: { ...base.digest, ...digest },
    email: { ...base.email, from: 'Commentary & Notes <roundup@blog.example.org>', postalAddress: '1 Example Street, London, UK', ...overrides },
  };
}

/** The built-in templates (and, when given, a user's templates folder below `rootDir`), compiled. */
export async function templatesFor(config: Config, rootDir = '/nonexistent-site'): Promise<DigestTemplates> {
  return compileTemplates(await loadTemplates({ config, rootDir }));
}

/** A post published at `iso` with `themes`, otherwise like the feed fixtures' post `i`. */
export function postAt(i: number, iso: string, themes: string[], overrides: Partial<Post> = {}): Post {
  return makePost(i, { published: iso, updated: iso, themes, ...overrides });
}

/** Values a recipient would get; URLs carry `who` so two recipients differ. */
export function valuesFor(who: string, name: string | null = who) {
  return {
    name,
    webVersionUrl: `https://blog.example.org/issues/x/?r=${who}`,
    preferencesUrl: `https://blog.example.org/preferences?token=${who}&x=1`,
    unsubscribeUrl: `https://blog.example.org/unsubscribe?token=${who}&x=1`,
  };
}

/** The HTML and text of `rendered` for a sample recipient. */
export function sample(rendered: RenderedIssue): { html: string; text: string } {
  const { html, text } = personalise(rendered, valuesFor('sample', 'Sam'));
  return { html, text };
}

/** A throwaway site folder; `write` puts a file below it. */
export async function siteDir(): Promise<{ dir: string; write: (rel: string, text: string) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-digest-'));
  return {
    dir,
    async write(rel, text) {
      const file = path.join(dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Deep-frozen copy, so a test fails if anything writes to its input. */
export function frozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (v !== null && typeof v === 'object') {
      Object.freeze(v);
      for (const child of Object.values(v)) freeze(child);
    }
  };
  freeze(copy);
  return copy;
}
