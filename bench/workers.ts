/**
 * Sending workers benchmark (issue 20): one ~20 KB roundup to N recipients
 * (default 100,000; --quick 5,000) with 1, 2 and 4 `tidings worker`
 * processes, against
 * (a) a fast local SMTP sink: Postfix's smtp-sink in its own process
 *     (smtp-server when Postfix is not installed), and
 * (b) a sink that answers each message 20 ms after its data (smtp-server
 *     in its own process), like a distant relay.
 * Each worker has CONNECTIONS connections. The queue is pg-boss in
 * PostgreSQL (a server of its own for the run, or TIDINGS_TEST_POSTGRES_URL),
 * a fresh database per run; by default the deliveries are in a SQLite file
 * the processes share (TIDINGS_QUEUE_URL names the queue beside it);
 * `--store postgres` puts the store in PostgreSQL too, with the queue in
 * the same database (a copy of the prepared one per run), as on several
 * hosts. A run: the workers started and ready,
 * then `tidings send --issue` queues the pages and waits until the issue
 * is settled; the rate is the one it prints (queueing and sending, not
 * Node's start-up). The median of --rounds runs per cell, with the speed-up
 * over one worker.
 *
 * `--workers 0,1,2,4` adds the single-process sender (no queue) as a row.
 *
 * Run: npm run bench:workers [-- --quick] [--sizes 100000] [--workers 1,2,4] [--rounds 3] [--sinks fast,slow]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { configSchema } from '../src/config/schema.js';
import { resolveIssue } from '../src/send/index.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { Store } from '../src/store/store.js';
import { postgresBinaries, startPostgres } from '../test/helpers/postgres-server.js';
import { loadLine, machineLine } from './machine.js';
import { BENCH_THEMES, benchWeek } from './week.js';

const CONNECTIONS = 4;
const POSTS = 3;
const ISSUE = '2019-W31';
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'bin', 'tidings.js');

function configInput(storePath: string, storeUrl?: string): Record<string, unknown> {
  return {
    site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
    email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
    smtp: { pool: { maxConnections: CONNECTIONS } },
    subscriptions: { secret: SECRET },
    store: storeUrl === undefined ? { path: storePath } : { url: storeUrl },
  };
}

async function prepareStore(file: string, n: number, url?: string): Promise<void> {
  const store: Store = url === undefined ? await openSqliteStore(file) : await openPostgresStore(url);
  await store.applyImport({
    startedAt: new Date().toISOString(),
    upsert: benchWeek(POSTS, 40),
    sourceFiles: new Map(),
    counts: { new: POSTS, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
    diagnostics: [],
  });
  for (let from = 0; from < n; from += 10_000) {
    await store.upsertSubscribers(Array.from({ length: Math.min(10_000, n - from) }, (_, i) => ({ email: `reader${from + i}@example.net`, name: `Reader ${from + i}`, status: 'active' as const })));
  }
  await resolveIssue(store, configSchema.parse(configInput(file)), { id: ISSUE }, new Date());
  await store.close();
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A sink in its own process: 'fast' is Postfix's smtp-sink (or smtp-server), 'slow' smtp-server answering each message after 20 ms. */
async function startSink(kind: 'fast' | 'slow'): Promise<{ url: string; what: string; stop: () => void }> {
  const port = await freePort();
  let child: ChildProcess;
  let what: string;
  if (kind === 'fast' && existsSync('/usr/sbin/smtp-sink')) {
    const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
    child = spawn('/usr/sbin/smtp-sink', [...asRoot, `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
    what = 'Postfix smtp-sink';
  } else {
    const delay = kind === 'slow' ? 20 : 0;
    const script = `const { SMTPServer } = require('smtp-server'); const s = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => ${delay} ? setTimeout(cb, ${delay}) : cb()); } }); s.listen(${port}, '127.0.0.1');`;
    child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', cwd: ROOT });
    what = delay ? `smtp-server answering after ${delay} ms` : 'smtp-server';
  }
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `smtp://127.0.0.1:${port}`, what, stop: () => child.kill('SIGTERM') };
}

function tidingsArgs(): string[] {
  return existsSync(path.join(ROOT, 'dist', 'cli', 'run.js')) ? [DIST] : ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src', 'cli', 'run.ts')];
}

function launch(site: string, env: NodeJS.ProcessEnv, args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...tidingsArgs(), '--config', path.join(site, 'tidings.config.yaml'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return { child, out: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function database(server: string, name: string, template?: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One run: `workers` workers up, then `tidings send` until settled; its printed rate. */
async function run(site: string, store: string, server: string, sinkUrl: string, workers: number, n: number, postgres: boolean): Promise<number> {
  if (!postgres) {
    copyFileSync(`${store}.prepared`, store);
    for (const suffix of ['-wal', '-shm']) rmSync(`${store}${suffix}`, { force: true });
  }
  // --store postgres: the store and the queue in one database, a copy of the prepared one.
  const storeUrl = postgres ? await database(server, `bench_store_${process.pid}`, `bench_prepared_${process.pid}`) : undefined;
  if (storeUrl !== undefined) await writeFile(path.join(site, 'tidings.config.yaml'), JSON.stringify(configInput(store, storeUrl), null, 2));
  // 0 workers: the single-process sender (no queue), for comparison.
  const queue = workers === 0 || postgres ? '' : await database(server, `bench_workers_${process.pid}`);
  const env = { ...process.env, TIDINGS_SMTP_URL: sinkUrl, TIDINGS_QUEUE_URL: queue };
  const started = Array.from({ length: workers }, () => launch(site, env, ['worker']));
  try {
    for (const worker of started) {
      while (!worker.out().includes('worker.started')) {
        if (worker.child.exitCode !== null) throw new Error(`a worker exited:\n${worker.out()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const send = launch(site, env, ['send', '--issue', ISSUE]);
    const code = await send.exited;
    const summary = /this run: ([\d,]+) sent in [\d.]+ s \(([\d,]+) messages\/s\)/.exec(send.out());
    if (code !== 0 || summary === null) throw new Error(`tidings send failed (exit ${code}):\n${send.out()}\nworkers:\n${started.map((w) => w.out().slice(-3000)).join('\n')}`);
    const sent = Number(summary[1]?.replace(/,/g, ''));
    if (sent !== n) throw new Error(`tidings send sent ${sent} of ${n}`);
    if (process.env.BENCH_VERBOSE === '1') for (const worker of started) process.stderr.write(worker.out());
    return Number(summary[2]?.replace(/,/g, ''));
  } finally {
    for (const worker of started) worker.child.kill('SIGTERM');
    await Promise.all(started.map((worker) => worker.exited));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const sizes = (flag(argv, 'sizes') ?? (quick ? '5000' : '100000')).split(',').map(Number);
  const counts = (flag(argv, 'workers') ?? '1,2,4').split(',').map(Number);
  const rounds = Number(flag(argv, 'rounds') ?? (quick ? 1 : 3));
  const sinks = (flag(argv, 'sinks') ?? 'fast,slow').split(',') as ('fast' | 'slow')[];
  const postgres = flag(argv, 'store') === 'postgres';
  const given = process.env.TIDINGS_TEST_POSTGRES_URL;
  const bin = postgresBinaries();
  if ((given === undefined || given === '') && bin === undefined) throw new Error("no PostgreSQL: install Debian's postgresql or set TIDINGS_TEST_POSTGRES_URL");
  const owned = given ? undefined : await startPostgres(bin as string);
  const server = given || (owned?.url as string);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-workers-'));
  const rows: string[] = [];
  try {
    for (const n of sizes) {
      const site = path.join(dir, `site-${n}`);
      const store = path.join(site, 'store.db');
      await mkdir(site, { recursive: true });
      await prepareStore(store, n, postgres ? await database(server, `bench_prepared_${process.pid}`) : undefined);
      if (!postgres) copyFileSync(store, `${store}.prepared`);
      await writeFile(path.join(site, 'tidings.config.yaml'), JSON.stringify(configInput(store), null, 2));
      for (const kind of sinks) {
        const sink = await startSink(kind);
        try {
          let one = 0;
          for (const workers of counts) {
            const rates: number[] = [];
            for (let r = 0; r < rounds; r++) {
              rates.push(await run(site, store, server, sink.url, workers, n, postgres));
              process.stderr.write(`${n} recipients, ${sink.what}, ${workers} worker(s): ${rates.at(-1)} messages/s\n`);
            }
            const rate = median(rates);
            if (workers === 1) one = rate;
            const speedup = one > 0 && workers > 0 ? `${(rate / one).toFixed(2)}x` : '';
            rows.push(`| ${n.toLocaleString('en')} | ${sink.what} | ${workers === 0 ? 'none: `tidings send` alone' : workers} | ${Math.round(rate).toLocaleString('en')} | ${speedup} | ${rates.map((x) => Math.round(x).toLocaleString('en')).join(', ')} |`);
          }
        } finally {
          sink.stop();
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await owned?.stop();
  }
  console.log(machineLine());
  console.log(loadLine());
  const where = postgres ? 'the PostgreSQL store, the queue (pg-boss 10) in the same database' : 'deliveries in one SQLite file shared by the processes, the queue (pg-boss 10) in PostgreSQL';
  console.log(`Each worker ${CONNECTIONS} connections; ${where}; median of ${rounds} run(s).`);
  console.log('');
  console.log('| recipients | relay | workers | messages/s (median) | vs 1 worker | runs |');
  console.log('|---:|---|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
}

await main();
