/**
 * Import benchmark: 10,000 generated Markdown posts and a 10,000-post text
 * export, first import and unchanged re-import, each case in its own process,
 * next to the floor of this machine (reading and hashing the same files).
 * Run: npm run bench:import   (or: node --import tsx bench/import.ts [N])
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCase, type Row } from './import-run.js';
import { generateMarkdown, generateTextExport } from './generate.js';

const N = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-'));
const mdDir = path.join(dir, 'md');
const txt = path.join(dir, 'export', 'blog.txt');
await generateMarkdown(mdDir, N);
await generateTextExport(txt, N);

const run = (...args: string[]): Row => runCase(dir, ...args);

const rows: [string, Row][] = [];
rows.push([`floor: read + sha256 ${N} Markdown files`, run('floor', mdDir)]);
rows.push([`import ${N} Markdown posts (new store)`, run('import', path.join(dir, 'md.db'), mdDir)]);
rows.push([`re-import ${N} unchanged Markdown posts`, run('import', path.join(dir, 'md.db'), mdDir)]);
rows.push([`import a ${N}-post text export (new store)`, run('import', path.join(dir, 'txt.db'), txt)]);
rows.push([`re-import the unchanged text export`, run('import', path.join(dir, 'txt.db'), txt)]);

const floor = rows[0]![1].ms;
console.log(`| case | posts | time (ms) | posts/s | vs floor | peak RSS (MB) |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, r] of rows) {
  const rate = r.posts / (r.ms / 1000);
  console.log(`| ${name} | ${r.posts} | ${r.ms.toFixed(0)} | ${rate.toFixed(0)} | ${(r.ms / floor).toFixed(1)}x | ${r.peakRssMb.toFixed(0)} |`);
}
await rm(dir, { recursive: true, force: true });
