/**
 * Build-writes benchmark: the files of a large build (one page per folder
 * for posts, five files per roundup folder, as out/ is laid out), written
 * the way `tidings build` wrote them before (writeFileAtomic: read back and
 * compare, write, fdatasync, rename, fsync the folder, each file on its
 * own) and the way it writes them now (writeFileRecorded: the record of the
 * last build instead of reading back; each folder synced once after its
 * renames), 16 at a time either way; and in bulk (staged-writes.ts: each
 * batch of 256 files to temporary files, one syncfs, the renames, one more
 * syncfs), as `tidings build` writes now. Cases: cold (empty folder),
 * nothing changed, and nothing changed read back in full (`build --verify`).
 * Run: npm run bench:build-writes   (or: node --import tsx bench/build-writes.ts [files] [case])
 * To count system calls of one case: strace -f -c node --import tsx bench/build-writes.ts 18443 recorded-cold
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../src/files/atomic-write.js';
import type { FileRecord } from '../src/files/recorded-write.js';
import { syncFolders, writeFileRecorded } from '../src/files/recorded-write.js';
import { staging } from '../src/files/staged-writes.js';
import { rng, sentence } from './generate.js';

const N = Number(process.argv[2] ?? 18_443);
const only = process.argv[3];
const r = rng(19);
/** About 20 KB of words per file (a 10,000-post build averages 34 KB; smaller keeps the bench short). */
const body = (i: number): string => `<!doctype html><title>${i}</title>\n` + Array.from({ length: 160 }, () => sentence(r, 18)).join('\n');
const files: { rel: string; text: string }[] = [];
for (let i = 0; files.length < N; i++) {
  if (i % 3 !== 0) files.push({ rel: `posts/${2010 + (i % 20)}/${String(1 + (i % 12)).padStart(2, '0')}/post-${i}/index.html`, text: body(i) });
  else for (const name of ['index.html', 'email.html', 'email.txt', 'email.mjml', 'message.eml']) if (files.length < N) files.push({ rel: `issues/w${i}/${name}`, text: body(i) });
}

async function pool(run: (file: { rel: string; text: string }) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < files.length) await run(files[next++]!);
  }));
}

const perFile = (dir: string) => pool(async (f) => void (await writeFileAtomic(path.join(dir, f.rel), f.text)));
const records = new Map<string, FileRecord>();
const recorded = (dir: string, verify: boolean, bulk = false) => async () => {
  const owed = new Set<string>();
  const stage = staging();
  const key = (rel: string): string => `${dir}\0${rel}`;
  await pool(async (f) => {
    const known = records.get(key(f.rel));
    const result = await writeFileRecorded(path.join(dir, f.rel), f.text, { owed, verify, ...(known && { known }), ...(bulk && { staging: stage }) });
    records.set(key(f.rel), result.record);
    if (stage.size >= 256) await stage.commit(owed);
  });
  await stage.commit(owed);
  await syncFolders(owed);
};

const root = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-writes-'));
const a = path.join(root, 'per-file');
const b = path.join(root, 'recorded');
const c = path.join(root, 'bulk');
const cases: [string, () => Promise<void>][] = [
  ['per-file-cold', () => perFile(a)],
  ['recorded-cold', recorded(b, false)],
  ['per-file-unchanged', () => perFile(a)],
  ['recorded-unchanged', recorded(b, false)],
  ['recorded-verify', recorded(b, true)],
  ['bulk-cold', recorded(c, false, true)],
  ['bulk-unchanged', recorded(c, false, true)],
];
const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
console.log(`${files.length} files, ${(bytes / 1e6).toFixed(0)} MB, in ${root}`);
console.log('| case | time (s) |');
console.log('| --- | ---: |');
for (const [name, run] of cases) {
  // A single case (for strace) still needs the cold case before it: the files and the records.
  if (only !== undefined && name !== only && !(name.endsWith('cold') && only.startsWith(name.split('-')[0]!))) continue;
  const started = performance.now();
  await run();
  if (only === undefined || name === only) console.log(`| ${name} | ${((performance.now() - started) / 1000).toFixed(2)} |`);
}
await rm(root, { recursive: true, force: true });
