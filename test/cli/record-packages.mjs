// Loaded with `node --import` before the CLI by test/cli/lazy-loading.test.ts: at exit, writes the
// packages (node_modules/NAME/...) the process loaded, one a line, with the file of each, to
// $TIDINGS_RECORD_PACKAGES. ESM loads are seen by a load hook (it runs on the loader's thread and
// posts each URL back); CommonJS ones are in require.cache (those required from ESM are too).
import { createRequire, register } from 'node:module';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const hook = `
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { if (url.includes('/node_modules/')) port.postMessage(url); return next(url, context); }
`;
const { port1, port2 } = new MessageChannel();
const seen = new Set();
port1.on('message', (url) => seen.add(new URL(url).pathname));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(hook)}`, { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });

process.on('exit', () => {
  for (const file of Object.keys(createRequire(import.meta.url).cache)) seen.add(file);
  const lines = [...seen].flatMap((file) => {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });
  writeFileSync(process.env.TIDINGS_RECORD_PACKAGES ?? 'packages.txt', [...new Set(lines)].sort().join('\n'));
});
