import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { MJML_OPTIONS } from './mjml.js';

/**
 * MJML compiles on worker threads, so that a build's roundups compile on
 * the other cores while this thread does the rest of each email. The same
 * MJML package and the same options as mjmlToHtml: the same bytes. A
 * document MJML refuses resolves to undefined; the caller compiles it
 * again on its own thread, where the refusal becomes a TemplateError with
 * the template file and line.
 */
export interface MjmlPool {
  readonly workers: number;
  compile(mjml: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Workers a build could use: one fewer than the cores (this thread is busy too), at most 4; 0 on one core. */
export function availableMjmlWorkers(): number {
  return Math.max(0, Math.min(os.availableParallelism() - 1, 4));
}

/**
 * Workers for a build: none for now. On the quiet 2-core machine the worker
 * made 100 roundups no faster (2.72 s against 2.68 s, 13 % more CPU;
 * docs/benchmarks.md), so the pool stays off until a bench shows it faster
 * (`bench/mjml.ts 100 N` runs it with N workers).
 */
export function defaultMjmlWorkers(): number {
  return 0;
}

// Plain CommonJS, evaluated as the worker's code: runs the same whether tidings runs from dist/, tsx or vitest.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const mjml2html = require(workerData.mjml);
parentPort.on('message', ({ id, mjml }) => {
  let html;
  try { html = mjml2html(mjml, workerData.options).html; } catch { html = undefined; }
  parentPort.postMessage({ id, html });
});
`;

interface Reply {
  readonly id: number;
  readonly html: string | undefined;
}

/**
 * A worker keeps the process alive only while it has a document to
 * compile: a caller that stops without close() (a build that fails on a
 * write stops pulling its files) does not leave the process hanging.
 */
export function openMjmlPool(workers: number): MjmlPool {
  const mjml = createRequire(import.meta.url).resolve('mjml');
  const waiting = new Map<number, (html: string | undefined) => void>();
  const busy = Array.from({ length: workers }, () => 0);
  const settle = (index: number, id: number, html: string | undefined): void => {
    const done = waiting.get(id);
    if (done === undefined) return;
    waiting.delete(id);
    busy[index] = (busy[index] ?? 1) - 1;
    if (busy[index] === 0) threads[index]?.unref();
    done(html);
  };
  const threads = Array.from({ length: workers }, (_, index) => {
    // No inherited flags: the code is CommonJS whatever the parent runs with (--input-type=module, a loader).
    const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { mjml, options: MJML_OPTIONS } });
    worker.on('message', (reply: Reply) => settle(index, reply.id, reply.html));
    // A worker that dies leaves its documents to be compiled on the caller's thread.
    worker.on('error', () => {
      for (const id of [...waiting.keys()]) if (id % workers === index) settle(index, id, undefined);
    });
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
    return worker;
  });
  let next = 0;
  return {
    workers,
    compile(document) {
      const id = next++;
      const index = id % workers;
      const thread = threads[index];
      if (thread === undefined) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        busy[index] = (busy[index] ?? 0) + 1;
        thread.ref();
        thread.postMessage({ id, mjml: document });
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
