/**
 * One case of bench/csv.ts, in its own process so that its peak RSS is its
 * own. Prints one JSON line: { rows, ms, peakRssMb }.
 *   floor FILE          read the file as a stream and count its lines
 *   whole FILE          the reader before streaming: readFile, then every record at once
 *   stream FILE         decode and read the records a chunk at a time, rows parsed (no store)
 *   import SITE FILE    the real `tidings subscribers import FILE` in SITE (a new store)
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { boundHeapGrowth } from '../src/cli/heap.js';
import { CsvDecoder, decodeChunks } from '../src/subscribers/csv-decode.js';
import { SubscriberCsvParser } from '../src/subscribers/csv-import.js';
import { csvRecords, readCsvRecords } from '../src/subscribers/csv-records.js';

boundHeapGrowth(); // as the CLI does
const [mode, a = '', b = ''] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (mode === 'floor') {
  for await (const chunk of createReadStream(a) as AsyncIterable<Buffer>) for (const byte of chunk) if (byte === 10) rows += 1;
} else if (mode === 'whole') {
  rows = readCsvRecords(await readFile(a, 'utf8')).length;
} else if (mode === 'stream') {
  const parser = new SubscriberCsvParser({ file: a, themes: ['workforce', 'blame-and-culture', 'ofsted-and-inspection', 'serious-case-reviews'], defaultStatus: 'active' }, () => {});
  for await (const records of csvRecords(decodeChunks(createReadStream(a, { highWaterMark: 64 * 1024 }), new CsvDecoder()))) {
    for (const row of parser.read(records)) rows += row.line > 0 ? 1 : 0;
  }
} else if (mode === 'import') {
  const { main } = await import('../src/cli/main.js');
  let out = '';
  const code = await main(['subscribers', 'import', b], { cwd: a, env: process.env, out: (t) => void (out += t), err: () => {}, isTTY: false });
  if (code !== 0) throw new Error(`import exited ${code}: ${out}`);
  rows = Number(/new (\d+)/.exec(out)?.[1] ?? 0);
} else {
  throw new Error(`unknown case ${mode}`);
}
const ms = performance.now() - started;
console.log(JSON.stringify({ rows, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
