/**
 * WordPress export benchmark: a generated 10,000-post WXR file (with the
 * attachments, drafts, revisions and menu items a real export holds),
 * imported into a new store and re-imported unchanged, next to the baseline
 * of the same run: 10,000 Markdown posts of the same kind of text imported
 * the same way. Each case runs in its own process.
 * Run: npm run bench:wxr   (or: node --import tsx bench/wxr.ts [N])
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCase, type Row } from './import-run.js';
import { generateMarkdown } from './generate.js';
import { generateWxr } from './generate-wxr.js';

const N = Number(process.argv[2] ?? 10_000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-wxr-'));
const mdDir = path.join(dir, 'md');
const wxr = path.join(dir, 'export', 'bench.WordPress.xml');
await generateMarkdown(mdDir, N);
await generateWxr(wxr, N);
const megabytes = (await stat(wxr)).size / 1024 / 1024;
// A 10,000-post export is larger than the default content.maxFileMegabytes (32).
await writeFile(path.join(dir, 'tidings.config.yaml'), `content:\n  maxFileMegabytes: ${Math.ceil(megabytes * 2)}\n`);

const run = (...args: string[]): Row => runCase(dir, ...args);

const rows: [string, Row][] = [];
rows.push([`baseline: import ${N} Markdown posts (new store)`, run('import', path.join(dir, 'md.db'), mdDir)]);
rows.push([`import a ${N}-post WXR, ${megabytes.toFixed(0)} MB (new store)`, run('import', path.join(dir, 'wxr.db'), wxr)]);
rows.push([`re-import the unchanged WXR`, run('import', path.join(dir, 'wxr.db'), wxr)]);

const base = rows[0]![1].ms;
console.log(`| case | posts | time (ms) | posts/s | vs baseline | peak RSS (MB) |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, r] of rows) {
  const rate = r.posts / (r.ms / 1000);
  console.log(`| ${name} | ${r.posts} | ${r.ms.toFixed(0)} | ${rate.toFixed(0)} | ${(r.ms / base).toFixed(2)}x | ${r.peakRssMb.toFixed(0)} |`);
}
await rm(dir, { recursive: true, force: true });
