/**
 * Sending benchmark: one ~20 KB roundup to 10,000 and 100,000 recipients
 * through a local SMTP sink, messages/s and peak memory, each case in its
 * own process, side by side in one run with:
 * - the physical limit of this machine: Postfix's smtp-source (-d -s 8,
 *   messages of the roundup's own size, -l) into Postfix's smtp-sink (Debian package postfix),
 *   the best of three runs;
 * - a bare nodemailer pool composing each message (what a sender without
 *   splicing does), and the same pool sending one prebuilt raw message;
 * - tidings' own SMTP client (mail/smtp/, the transport `tidings send`
 *   uses) sending one prebuilt raw message: the transport's ceiling; and
 *   nodemailer's SMTPConnection under the same pool (the nodemailer wire);
 * - `tidings send --issue …`, the command as a user runs it (compiled,
 *   dist/): store, deliveries marked in flight and sent, messages spliced
 *   per recipient, the same transport. Its rate is the one it prints (the
 *   send itself, without Node's start-up); its peak RSS is the process's;
 *   like the physical limit, the fastest of three runs (with the highest
 *   peak of the three), each from the same prepared store, run in
 *   alternation with the limit and with the same command over the
 *   nodemailer wire (TIDINGS_SMTP_WIRE=nodemailer: the whole send with
 *   nodemailer's SMTPConnection under tidings' pool and delivery log);
 * - for memory, `tidings send --dry-run`: loads and renders everything and
 *   sends nothing (the floor of the peak-RSS column).
 * Every case uses 8 connections, as smtp-source uses 8 sessions. Without
 * Postfix installed, the sink is smtp-server in its own process and there
 * is no physical-limit row.
 *
 * `--baseline DIR`: also `DIR/bin/tidings.js` (a build of another commit,
 * e.g. the one before a change) in the same alternation, as its own row.
 *
 * Run: npm run build && node --import tsx bench/send.ts [--sizes 10000,100000] [--compose-at 10000] [--rounds 3] [--baseline DIR]
 * (Postfix for the bench only: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix)
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Config } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import type { Issue } from '../src/digest/index.js';
import { compileTemplates, issueRenderer, issueUrl, personalise, planIssues } from '../src/digest/index.js';
import { loadTemplates } from '../src/build/load-templates.js';
import { buildMessage } from '../src/mail/index.js';
import { compileMimeTemplate } from '../src/mail/mime-template.js';
import { createSmtpTransport } from '../src/mail/transport/index.js';
import type { Post } from '../src/model/post.js';
import { BENCH_THEMES, benchWeek } from './week.js';
import { resolveIssue } from '../src/send/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';

const POOL = 8;
const SECRET = 'bench-secret-0123456789-0123456789-abcdef';
const ISSUE = '2019-W31';
const TIDINGS = path.resolve(import.meta.dirname, '..', 'bin', 'tidings.js');

/** The config as data: parsed here, and written as the CLI's config file. */
function configInput(storePath: string): Record<string, unknown> {
  return {
    site: { title: 'Bench blog', baseUrl: 'https://blog.example.org/', author: 'A. Writer', timeZone: 'Europe/London' },
    themes: BENCH_THEMES.map((slug) => ({ slug, name: slug.replace(/-/g, ' '), description: `Posts about ${slug.replace(/-/g, ' ')}` })),
    email: { from: 'Bench blog <roundup@blog.example.org>', postalAddress: '1 Example Street, London' },
    smtp: { pool: { maxConnections: POOL } },
    subscriptions: { secret: SECRET },
    store: { path: storePath },
  };
}

function config(storePath: string): Config {
  return configSchema.parse(configInput(storePath));
}

function week(n: number): Post[] {
  return benchWeek(n, 40);
}

const POSTS = 3;

interface CaseResult {
  messages: number;
  ms: number;
  peakRssMb: number;
  bytes?: number;
  note?: string;
}

// ---- the cases, each run in its own process -------------------------------------------------

async function roundup(cfg: Config): Promise<{ issue: Issue; raw: (i: number) => Promise<Buffer>; options: (i: number) => SendMailOptions }> {
  const issue = planIssues(week(POSTS), cfg).issues[0] as Issue;
  if (issue.id !== ISSUE) throw new Error(`the bench week is ${issue.id}, not ${ISSUE}`);
  const templates = compileTemplates(await loadTemplates({ config: cfg, rootDir: process.cwd() }));
  const rendered = issueRenderer(issue, { config: cfg, templates }).forThemes([]);
  if (rendered === null) throw new Error('no rendering');
  const web = issueUrl(cfg, issue.id);
  const date = new Date();
  const values = (i: number) => {
    const token = `eyJzIjo${i.toString(36)}.${'x'.repeat(43)}`;
    return { email: `reader${i}@example.net`, name: `Reader ${i}`, messageId: `<2019-W31.${i}.0123456789@blog.example.org>`, preferencesUrl: `https://blog.example.org/preferences?token=${token}`, unsubscribeUrl: `https://blog.example.org/unsubscribe?token=${token}` };
  };
  const template = await compileMimeTemplate({ rendered, config: cfg, date, webVersionUrl: web });
  return {
    issue,
    raw: (i) => template.message(values(i)),
    options: (i) => {
      const v = values(i);
      const personalised = personalise(rendered, { name: v.name, webVersionUrl: web, preferencesUrl: v.preferencesUrl, unsubscribeUrl: v.unsubscribeUrl });
      return buildMessage({ rendered, personalised, recipient: { email: v.email, name: v.name }, config: cfg, messageId: v.messageId, date });
    },
  };
}

/** Calls `send(i)` for i < n, `POOL` at a time; milliseconds taken. */
async function drive(n: number, send: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < n) await send(next++);
  };
  await Promise.all(Array.from({ length: POOL }, worker));
  return performance.now() - started;
}

/** A bare nodemailer pool sending `n` messages. */
async function barePool(url: string, n: number, message: (i: number) => Promise<SendMailOptions>): Promise<number> {
  const transporter = nodemailer.createTransport({ pool: true, url, maxConnections: POOL, maxRequeues: 0 });
  const ms = await drive(n, async (i) => transporter.sendMail(await message(i)));
  transporter.close();
  return ms;
}

/** tidings' SMTP transport (over its own client or the nodemailer wire) sending `n` copies of one prebuilt message. */
async function ownClient(url: string, n: number, raw: Buffer, wire: 'own' | 'nodemailer' = 'own'): Promise<number> {
  const transport = createSmtpTransport({ url, maxConnections: POOL, rateLimit: 0, wire });
  const ms = await drive(n, (i) => transport.send({ raw, rawIsCrlf: true, envelope: { from: 'roundup@blog.example.org', to: [`reader${i}@example.net`] } }));
  await transport.close();
  return ms;
}

async function runCase(name: string, args: Record<string, string>): Promise<CaseResult> {
  const n = Number(args.n);
  const url = args.url ?? '';
  const cfg = config(':memory:');
  if (name === 'compose') {
    const { options } = await roundup(cfg);
    const ms = await barePool(url, n, async (i) => options(i));
    return { messages: n, ms, peakRssMb: peakRss() };
  }
  if (name === 'raw') {
    const { raw } = await roundup(cfg);
    const message = await raw(0);
    const ms = await barePool(url, n, async (i) => ({ raw: message, envelope: { from: 'roundup@blog.example.org', to: [`reader${i}@example.net`] } }));
    return { messages: n, ms, peakRssMb: peakRss(), bytes: message.length };
  }
  if (name === 'own' || name === 'nodemailer-wire') {
    const { raw } = await roundup(cfg);
    const message = await raw(0);
    const ms = await ownClient(url, n, message, name === 'own' ? 'own' : 'nodemailer');
    return { messages: n, ms, peakRssMb: peakRss(), bytes: message.length };
  }
  throw new Error(`unknown case ${name}`);
}

function peakRss(): number {
  return process.resourceUsage().maxRSS / 1024;
}

// ---- the orchestra ------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function postfix(): { sink: string; source: string } | null {
  const sink = '/usr/sbin/smtp-sink';
  const source = '/usr/sbin/smtp-source';
  return existsSync(sink) && existsSync(source) ? { sink, source } : null;
}

/** An SMTP sink in its own process: Postfix's smtp-sink, or smtp-server discarding what it gets. */
async function startSink(tools: ReturnType<typeof postfix>): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  let child: ChildProcess;
  if (tools !== null) {
    const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
    child = spawn(tools.sink, [...asRoot, `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  } else {
    const script = `const { SMTPServer } = require('smtp-server'); const s = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => cb()); } }); s.listen(${port}, '127.0.0.1');`;
    child = spawn(process.execPath, ['-e', script], { stdio: 'ignore', cwd: process.cwd() });
  }
  for (let i = 0; i < 100; i++) {
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
  return { url: `smtp://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Rounds of the paired runs (`--rounds N`): this machine's runs vary by a fifth and more, in slow and fast spells. */
const RUNS = 3;

/**
 * The fastest of several runs, with the highest peak memory of them: a
 * ceiling is what the machine can do, not what one run happened to do, and
 * the sender gets the same treatment as the limit it is compared with.
 */
function best(results: readonly CaseResult[]): CaseResult {
  const fastest = results.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { ...fastest, peakRssMb: Math.max(...results.map((r) => r.peakRssMb)) };
}

/** One run of smtp-source. */
function physicalLimit(tools: NonNullable<ReturnType<typeof postfix>>, url: string, n: number, bytes: number): CaseResult {
  const target = url.replace('smtp://', '');
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', tools.source, '-d', '-s', '8', '-l', String(bytes), '-m', String(n), target], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  const peakKb = Number(/(\d+)\s*$/.exec(result.stderr ?? '')?.[1] ?? 0);
  return { messages: n, ms, peakRssMb: peakKb / 1024, bytes };
}

/**
 * `tidings send` as a user runs it, under /usr/bin/time for its peak RSS.
 * Its rate is the one it prints at the end (the send, not Node's start-up).
 */
function cli(dir: string, url: string, n: number, dryRun = false, store?: string, wire: 'own' | 'nodemailer' = 'own', bin = TIDINGS): CaseResult {
  // Each send starts from the store as prepared (a send uses up its deliveries).
  if (store !== undefined) {
    copyFileSync(`${store}.prepared`, store);
    for (const suffix of ['-wal', '-shm']) rmSync(`${store}${suffix}`, { force: true });
  }
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, '--config', path.join(dir, 'tidings.config.yaml'), 'send', '--issue', ISSUE, ...(dryRun ? ['--dry-run'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, TIDINGS_SMTP_URL: url, ...(wire === 'nodemailer' ? { TIDINGS_SMTP_WIRE: 'nodemailer' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const peakKb = Number(/(\d+)\s*$/.exec(result.stderr)?.[1] ?? 0);
  if (dryRun) return { messages: 0, ms: 0, peakRssMb: peakKb / 1024 };
  const summary = /this run: ([\d,]+) sent in [\d.]+ s \(([\d,]+) messages\/s\)/.exec(`${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || summary === null) throw new Error(`tidings send failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const sent = Number(summary[1]?.replace(/,/g, ''));
  const rate = Number(summary[2]?.replace(/,/g, ''));
  if (sent !== n) throw new Error(`tidings send sent ${sent} of ${n}`);
  const note = /composed whole/.test(result.stdout + result.stderr) ? 'NOT SPLICED' : undefined;
  return { messages: sent, ms: (sent / rate) * 1000, peakRssMb: peakKb / 1024, ...(note ? { note } : {}) };
}

function child(name: string, args: Record<string, string>): CaseResult {
  const flags = Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]);
  const out = execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), import.meta.filename, '--case', name, ...flags], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as CaseResult;
}

async function prepareStore(file: string, n: number, cfg: Config): Promise<void> {
  const store = await openSqliteStore(file);
  await store.applyImport({
    startedAt: new Date().toISOString(),
    upsert: week(POSTS),
    sourceFiles: new Map(),
    counts: { new: POSTS, updated: 0, merged: 0, unchanged: 0, rejected: 0, skipped: 0 },
    diagnostics: [],
  });
  for (let from = 0; from < n; from += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, n - from) }, (_, i) => ({ email: `reader${from + i}@example.net`, name: `Reader ${from + i}`, status: 'active' as const }));
    await store.upsertSubscribers(batch);
  }
  const { issue } = await resolveIssue(store, cfg, { id: ISSUE }, new Date());
  if (issue.postCount !== POSTS) throw new Error('unexpected issue');
  await store.close();
}

function options(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) out[(argv[i] ?? '').replace(/^--/, '')] = argv[i + 1] ?? '';
  return out;
}

async function main(): Promise<void> {
  const args = options(process.argv.slice(2));
  if (args.case !== undefined) {
    const result = await runCase(args.case, args);
    console.log(JSON.stringify(result));
    return;
  }
  const sizes = (args.sizes ?? '10000,100000').split(',').map(Number);
  const composeAt = new Set((args['compose-at'] ?? '10000').split(',').map(Number));
  const rounds = Number(args.rounds ?? RUNS);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds takes a whole number of 1 or more, not ${args.rounds}`);
  const baseline = args.baseline === undefined ? undefined : path.resolve(args.baseline, 'bin', 'tidings.js');
  if (baseline !== undefined && !existsSync(baseline)) throw new Error(`--baseline: ${baseline} does not exist`);
  if (!existsSync(path.resolve(import.meta.dirname, '..', 'dist', 'cli', 'run.js'))) throw new Error('dist/ is missing: run npm run build first');
  const tools = postfix();
  if (tools === null) console.error('Postfix (smtp-sink, smtp-source) is not installed: no physical-limit row; the sink is smtp-server in its own process.');
  // The limit moves messages of the roundup's own size: the bytes are most of the work on the wire.
  const messageBytes = (await (await roundup(config(':memory:'))).raw(0)).length;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-bench-send-'));
  const rows: { size: number; name: string; r: CaseResult }[] = [];
  try {
    for (const n of sizes) {
      const site = path.join(dir, `site-${n}`);
      const store = path.join(site, 'store.db');
      const sink = await startSink(tools);
      try {
        const cfg = config(store);
        await prepareStore(store, n, cfg);
        copyFileSync(store, `${store}.prepared`);
        await writeFile(path.join(site, 'tidings.config.yaml'), JSON.stringify(configInput(store), null, 2));
        rows.push({ size: n, name: 'for memory: `tidings send --dry-run` (loads and renders all, sends nothing)', r: cli(site, sink.url, n, true) });
        // The limit and `tidings send` in alternation, so that a slow spell of the machine falls on both.
        const limits: CaseResult[] = [];
        const sends: CaseResult[] = [];
        const nodemailerSends: CaseResult[] = [];
        const baselineSends: CaseResult[] = [];
        for (let round = 0; round < rounds; round++) {
          if (tools !== null) limits.push(physicalLimit(tools, sink.url, n, messageBytes));
          sends.push(cli(site, sink.url, n, false, store));
          nodemailerSends.push(cli(site, sink.url, n, false, store, 'nodemailer'));
          if (baseline !== undefined) baselineSends.push(cli(site, sink.url, n, false, store, 'own', baseline));
          const last = (runs: CaseResult[]) => (runs.length === 0 ? '—' : String(Math.round((runs.at(-1)?.messages ?? 0) / ((runs.at(-1)?.ms ?? 1) / 1000))));
          console.error(`${n} round ${round + 1}: limit ${last(limits)}/s, send ${last(sends)}/s, over nodemailer ${last(nodemailerSends)}/s, baseline ${last(baselineSends)}/s`);
        }
        if (tools !== null) rows.push({ size: n, name: `physical limit: Postfix smtp-source -d -s 8 -l ${messageBytes} into smtp-sink`, r: best(limits) });
        if (composeAt.has(n)) rows.push({ size: n, name: 'nodemailer pool, composing each message', r: child('compose', { n: String(n), url: sink.url }) });
        rows.push({ size: n, name: 'nodemailer pool, one prebuilt raw message', r: child('raw', { n: String(n), url: sink.url }) });
        rows.push({ size: n, name: "tidings' SMTP client, one prebuilt raw message", r: child('own', { n: String(n), url: sink.url }) });
        rows.push({ size: n, name: "nodemailer's SMTPConnection under tidings' pool, one prebuilt raw message", r: child('nodemailer-wire', { n: String(n), url: sink.url }) });
        rows.push({ size: n, name: '**`tidings send`** (store + splice + the same client)', r: best(sends) });
        rows.push({ size: n, name: "`tidings send` over nodemailer's SMTPConnection (TIDINGS_SMTP_WIRE=nodemailer)", r: best(nodemailerSends) });
        if (baseline !== undefined) rows.push({ size: n, name: `\`tidings send\` of the baseline (${args.baseline})`, r: best(baselineSends) });
      } finally {
        sink.stop();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  console.log(`\nSending one ${POSTS}-post roundup, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, pool of ${POOL}\n`);
  console.log('| recipients | case | messages | message size | time (s) | messages/s | vs physical limit | peak RSS (MB) |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { size, name, r } of rows) {
    const limit = rows.find((row) => row.size === size && row.name.startsWith('physical'));
    const rate = r.ms > 0 ? r.messages / (r.ms / 1000) : 0;
    const vs = limit ? (rate / (limit.r.messages / (limit.r.ms / 1000))).toFixed(2) : '—';
    const bytes = r.bytes ? `${Math.round(r.bytes / 1000)} kB` : '—';
    const timing = r.ms > 0 ? `${(r.ms / 1000).toFixed(1)} | ${Math.round(rate).toLocaleString('en-GB')} | ${vs}` : '— | — | —';
    console.log(`| ${size.toLocaleString('en-GB')} | ${name}${r.note ? ` (${r.note})` : ''} | ${r.messages.toLocaleString('en-GB')} | ${bytes} | ${timing} | ${r.peakRssMb.toFixed(0)} |`);
  }
}

await main();
