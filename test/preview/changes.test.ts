import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forceDarkScheme } from '../../src/preview/email/dark.js';
import { classify, watchPlan, watchRoots } from '../../src/preview/watch/roots.js';

const site = path.resolve('/site');
const roots = watchRoots({ contentPaths: ['content', 'https://example.org/feed.xml'], templatesDir: 'templates', cwd: site, rootDir: site, configFile: path.join(site, 'tidings.config.yaml') });
const at = (rel: string): string => path.join(site, rel);

describe('what a change on disk makes the preview do', () => {
  it('re-imports a saved post file, and only that file', () => {
    expect(classify(roots, at('content/posts/a.md'), 'change')).toEqual({ config: false, templates: false, content: [at('content/posts/a.md')] });
    expect(classify(roots, at('content/imports/dump.txt'), 'add')?.content).toEqual([at('content/imports/dump.txt')]);
  });

  it('reloads the templates for a template, and the config for the config file, even when removed', () => {
    expect(classify(roots, at('templates/email/footer.mjml.hbs'), 'unlink')).toEqual({ config: false, templates: true, content: [] });
    expect(classify(roots, at('tidings.config.yaml'), 'change')).toEqual({ config: true, templates: false, content: [] });
  });

  it('ignores editors’ swap and backup files, files the import does not read, the output and the store', () => {
    for (const rel of ['content/posts/.a.md.swp', 'content/posts/4913', 'content/posts/a.md~', 'templates/email/README.md', 'out/index.html', '.tidings/tidings.db']) {
      expect(classify(roots, at(rel), 'change'), rel).toBeNull();
    }
    expect(classify(roots, at('content/posts/a.md~'), 'unlink')).toBeNull();
  });

  it('imports the folder again when a post file is removed, so that its posts are withdrawn as `tidings import` does', () => {
    expect(classify(roots, at('content/posts/a.md'), 'unlink')).toEqual({ config: false, templates: false, content: [at('content')] });
  });

  it('watches the site folder for roots inside it (a templates folder made later is seen), but never out/ or .tidings/', () => {
    const plan = watchPlan(roots, site);
    expect(plan.folders).toEqual([site]);
    expect(plan.relevant(at('templates'))).toBe(true);
    expect(plan.relevant(site)).toBe(true);
    expect(plan.relevant(at('out'))).toBe(false);
    expect(plan.relevant(at('.tidings'))).toBe(false);
    expect(plan.relevant(at('node_modules'))).toBe(false);
  });
});

describe('the dark-mode preview', () => {
  it('turns the email’s own dark styles on and its light-only styles off', () => {
    const html = '<style>@media (prefers-color-scheme: dark) { body { background: #000 } } @media screen and (prefers-color-scheme:light){ p { color: #111 } }</style>';
    expect(forceDarkScheme(html)).toBe('<style>@media (min-width: 0px) { body { background: #000 } } @media screen and (max-width: 0px){ p { color: #111 } }</style>');
  });
});
