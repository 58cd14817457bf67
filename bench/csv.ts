/**
 * Subscriber CSV benchmark: a generated CSV of MB megabytes (default 50,
 * ~616,000 subscribers with accented names), each case in its own process:
 * the floor of this machine (streaming the bytes), the whole-file reader
 * tidings had before (readFile + every record in memory), the streaming
 * decoder and reader, and the real `tidings subscribers import` into a new
 * store. Peak RSS is the point: an import must stay under 200 MB.
 * Run: npm run bench:csv   (or: node --import tsx bench/csv.ts [MB])
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

const MB = Number(process.argv[2] ?? 50);
const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-csv-'));
const file = path.join(dir, 'people.csv');
const site = path.join(dir, 'site');
await mkdir(site);
await copyFile(path.join(import.meta.dirname, '..', 'tidings.config.yaml'), path.join(site, 'tidings.config.yaml'));

const THEMES = ['workforce', 'blame-and-culture;ofsted-and-inspection', '', 'serious-case-reviews workforce'];
const out = createWriteStream(file);
out.write('email,name,themes,status\n');
for (let i = 0, bytes = 0; bytes < MB * 1024 * 1024; i += 1) {
  const line = `reader${i}@example${i % 97}.org,"Réader Nümber ${i}, Esq.",${THEMES[i % 4]},active\n`;
  bytes += Buffer.byteLength(line);
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const size = (await stat(file)).size / 1024 / 1024;

interface Row { rows: number; ms: number; peakRssMb: number }
function run(...args: string[]): Row {
  const output = execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(import.meta.dirname, 'csv-case.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Row;
}

const rows: [string, Row][] = [
  [`floor: stream ${size.toFixed(0)} MB, count lines`, run('floor', file)],
  ['before: readFile + whole-file reader (records only)', run('whole', file)],
  ['now: streaming decoder + reader + row checks', run('stream', file)],
  ['now: tidings subscribers import (new store)', run('import', site, file)],
];
const floor = rows[0]![1].ms;
console.log(`| case | rows | time (ms) | rows/s | vs floor | peak RSS (MB) |`);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: |`);
for (const [name, r] of rows) {
  console.log(`| ${name} | ${r.rows} | ${r.ms.toFixed(0)} | ${(r.rows / (r.ms / 1000)).toFixed(0)} | ${(r.ms / floor).toFixed(1)}x | ${r.peakRssMb.toFixed(0)} |`);
}
await rm(dir, { recursive: true, force: true });
