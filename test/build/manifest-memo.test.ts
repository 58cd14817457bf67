import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildState } from '../../src/build/build-state.js';
import type { Manifest } from '../../src/build/manifest.js';
import { MANIFEST, parseManifest, readManifest, writeManifest } from '../../src/build/manifest.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const outDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-manifest-'));
  dirs.push(dir);
  return dir;
};

const hash = 'a'.repeat(64);
const key = 'b'.repeat(64);
const state: BuildState = { key: null, environment: 'env', from: 1, until: null, probes: [['/x.png', '-']], counts: { posts: 2, issues: 0, scheduled: 0, withdrawn: 0 }, problems: [], log: [['info', 'built']] };

describe('the list of files, read again in the process that wrote it', () => {
  it('is what parsing its text gives: records, keys, a path with a tab (no record), the state', async () => {
    const dir = outDir();
    const list: Manifest = new Map([
      ['index.html', { size: 10, mtimeNs: 123456789012345678n, hash, key }],
      ['feed.xml', { size: 5, mtimeNs: 1n, hash }],
      ['odd\tname.html', { size: 1, mtimeNs: 2n, hash }],
      ['unknown.html', undefined],
    ]);
    await writeManifest(dir, list, state);
    const again = await readManifest(dir);
    const parsed = parseManifest(again.text ?? '');
    expect(again.files).toEqual(parsed.files);
    expect(again.state).toEqual(parsed.state);
    expect(again.files.get('odd\tname.html')).toBeUndefined();
  });

  it('follows the file when someone else changes it', async () => {
    const dir = outDir();
    await writeManifest(dir, new Map([['index.html', { size: 10, mtimeNs: 3n, hash }]]), state);
    expect((await readManifest(dir)).files.has('index.html')).toBe(true);
    writeFileSync(path.join(dir, MANIFEST), `# by hand\nother.html\t1\t2\t${hash}\n`);
    const read = await readManifest(dir);
    expect([...read.files.keys()]).toEqual(['other.html']);
    expect(read.state).toBeUndefined();
  });
});
