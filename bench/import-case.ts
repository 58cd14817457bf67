/**
 * One benchmark case, run in its own process so that its peak memory is its
 * own. Prints one JSON line: { posts, ms, peakRssMb }.
 *   floor <paths...>            read + sha256 every file (the I/O floor)
 *   import <store> <paths...>   tidings import into <store>
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openApp } from '../src/app.js';
import { collectInputs } from '../src/import/collect.js';
import { defaultImportDeps } from '../src/app/import-deps.js';
import { runImport } from '../src/import/run-import.js';

const [mode, ...rest] = process.argv.slice(2);
const t0 = performance.now();
let posts = 0;
if (mode === 'floor') {
  const { inputs } = await collectInputs(rest, process.cwd());
  for (const input of inputs) {
    if (input.kind !== 'file') continue;
    const bytes = await readFile(input.path);
    createHash('sha256').update(bytes).digest('hex');
    posts++;
  }
} else if (mode === 'import') {
  const [store, ...paths] = rest;
  const app = await openApp({ cwd: process.cwd(), env: { ...process.env, TIDINGS_STORE_URL: store } });
  const report = await runImport(paths, defaultImportDeps(app, process.cwd()));
  const c = report.counts;
  posts = c.new + c.updated + c.merged + c.unchanged;
  await app.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ posts, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
