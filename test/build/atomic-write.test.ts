import { mkdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/build/index.js';
import { listFiles, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('writeFileAtomic', () => {
  it('creates the file and its folders', async () => {
    const file = path.join(dir, 'a', 'b', 'feed.xml');
    expect(await writeFileAtomic(file, '<rss/>\n')).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('<rss/>\n');
  });

  it('leaves a file with the same bytes alone, mtime included', async () => {
    const file = path.join(dir, 'feed.xml');
    await writeFileAtomic(file, 'same “bytes”');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    expect(await writeFileAtomic(file, [Buffer.from('same '), Buffer.from('“bytes”')])).toBe('unchanged');
    expect((await stat(file)).mtime.toISOString()).toBe(past.toISOString());
  });

  it('replaces a changed file whole, pieces in order, and leaves no temporary file', async () => {
    const file = path.join(dir, 'feed.json');
    await writeFileAtomic(file, 'old content that is longer');
    expect(await writeFileAtomic(file, [Buffer.from('{"a":'), Buffer.from('1}'), Buffer.from('\n')])).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await listFiles(dir)).toEqual(['feed.json']);
  });

  it('sees a change of the same length', async () => {
    const file = path.join(dir, 'x.txt');
    await writeFileAtomic(file, 'abc');
    expect(await writeFileAtomic(file, 'abd')).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('abd');
  });

  it('fails with the file in the message, and cleans up, when the target cannot be replaced', async () => {
    const target = path.join(dir, 'index.html');
    await mkdir(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(`cannot write ${target}`);
    expect(await listFiles(dir)).toEqual([]);
  });
});
