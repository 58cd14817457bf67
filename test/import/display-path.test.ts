import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/import/collect.js';

/** What displayPath gave before its fast path: path.relative, kept only when inside the folder. */
function byRelative(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

describe('displayPath: a file as the import shows and stores it', () => {
  it('is what path.relative made of it, inside the folder, beside it, above it and at the root', () => {
    const folders = ['/site', '/site/', '/', '/site/blog', '/sites', '/site/./blog/..', '/site//blog'];
    const files = ['/site/posts/a.md', '/site/a.md', '/sites/a.md', '/site', '/site/', '/other/site/a.md', '/site/blog/../a.md', '/site/blog/x/y.md', '/a.md', '/site//blog/a.md'];
    for (const cwd of folders) for (const abs of files) expect(displayPath(abs, cwd), `${abs} from ${cwd}`).toBe(byRelative(abs, cwd));
  });

  it('keeps a file whose name starts with two dots relative: it is inside the folder (path.relative\'s ".." test took it for one above)', () => {
    expect(displayPath('/site/..a.md', '/site')).toBe('..a.md');
  });
});
