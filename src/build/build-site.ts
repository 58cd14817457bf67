import { readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { readdress } from '../addresses/readdress.js';
import type { Config } from '../config/schema.js';
import type { IsCurrent } from './issue-outputs.js';
import { EMAIL_FILES } from './issue-outputs.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { probeTemplates } from '../digest/render/probe.js';
import { ISSUES_PATH } from '../digest/paths.js';
import { planIssues } from '../digest/plan.js';
import type { Store } from '../store/store.js';
import type { RecordedWrite } from '../files/recorded-write.js';
import { syncFolders, writeFileRecorded } from '../files/recorded-write.js';
import { WriteError } from '../files/write-error.js';
import type { FileSystemFlush } from '../files/staged-writes.js';
import { releaseMemos } from '../feeds/bytes.js';
import { CommitError, staging } from '../files/staged-writes.js';
import { fsLinkFiles } from './link-files.js';
import type { PostAsset } from './post-links.js';
import { resolvePostLinks } from './post-links.js';
import { pagesWanted } from '../pages/index.js';
import type { Post } from '../model/post.js';
import type { SiteFile, SiteLifecycle } from './site-files.js';
import { planSite } from './site-files.js';
import { goneFile, sitePosts } from './lifecycle.js';
import { GONE_FILE } from '../pages/gone.js';
import { loadSignUp } from './sign-up-template.js';
import type { Manifest } from './manifest.js';
import { codeVersion } from './code-version.js';
import { digest, environmentKey, outputKeys } from './output-keys.js';
import type { BuildState } from './build-state.js';
import { asRecorded, firstAfter, probing, stillCurrent } from './build-state.js';
import { readManifest, removeStale, writeManifest } from './manifest.js';
import type { HubNotifier } from './websub.js';
import { publishToHub } from './websub.js';

export type BuildLog = (level: 'info' | 'warn', message: string) => void;

export interface BuildOptions {
  store: Store;
  config: Config;
  /** Output folder (created when missing). */
  outDir: string;
  log?: BuildLog;
  /** Sends one WebSub publish notice; the default POSTs to the hub. Only used when config.feeds.hub is set. */
  notifyHub?: HubNotifier;
  /** Files written at the same time (default 16). */
  concurrency?: number;
  /**
   * Roundups (out/issues/: each issue's web version and email files, the
   * archive of issues and the roundups' feeds): written when given, with
   * the compiled templates (the composition root reads them:
   * app/templates.ts). `rootDir` is the site's folder (app.rootDir), where
   * the sign-up page's template is looked for.
   */
  issues?: { readonly rootDir: string; readonly templates: DigestTemplates };
  /** The time the site is built for (default: the clock): posts dated later are scheduled, left out. */
  now?: Date;
  /** `tidings build --future`: scheduled posts in too, for a look (never what the scheduler builds). */
  future?: boolean;
  /** The folder the stored source paths are relative to (where `tidings import` ran); default: the current folder. */
  sourcesDir?: string;
  /** `tidings build --verify`: every file is read back and compared, also those whose size and mtime match the build's record. */
  verify?: boolean;
}

export interface HubReport {
  hub: string;
  /** Document URLs (feeds and archive pages) the hub accepted a notice for. */
  notified: string[];
  /** Document URLs whose notice failed, with why: kept in the store and sent again at the next build. The build still succeeds. */
  failed: { feedUrl: string; error: string }[];
  /** Of these, how many were kept from an earlier build whose notice had failed. */
  retried: number;
}

export interface BuildReport {
  outDir: string;
  /** Posts read from the store. */
  posts: number;
  /** Paths (below outDir, sorted) whose content changed or that are new. */
  written: string[];
  /** Paths (sorted) left as they were: same bytes, same mtime. */
  unchanged: string[];
  /**
   * Paths (sorted, below outDir) removed: the pages of withdrawn or expired posts, the email files of a
   * roundup left with no post, and whatever an earlier build wrote that this one no longer makes (manifest.ts).
   */
  removed: string[];
  /** URLs (sorted) of the subscription feeds that changed. */
  changedFeeds: string[];
  /** URLs (sorted) of the archive pages that changed (a correction of a post in them): the hub hears about these too. */
  changedArchives: string[];
  /** Present when config.feeds.hub is set. */
  hub?: HubReport;
  /** Posts left out of the feeds or pages, with why. */
  problems: string[];
  /** Roundups built (0 unless BuildOptions.issues was given). */
  issues: number;
  /** Posts left out because they are dated after `now` (included with `future`). */
  scheduled: number;
  /** Withdrawn posts (out of everything; announced in the Atom feeds). */
  withdrawn: number;
  /** Posts whose address changed since the last build (site.baseUrl or pages.permalink changed): stored anew. */
  moved: number;
  /** `verify` only: paths (sorted) whose size and mtime matched the record but whose bytes did not (put right). */
  mismatched?: string[];
}

const DEFAULT_CONCURRENCY = 16;
/** Notices in flight to the hub at once: a fresh build of a large site changes hundreds of documents. */
const HUB_CONCURRENCY = 8;

/**
 * `tidings build`: feeds (blog and themes, with archive pages) and pages
 * from the store into outDir, and the roundups when asked (options.issues).
 * Each file is written atomically and only when its bytes change; a
 * roundup whose email files are current is not even rendered. Then the
 * WebSub hub, if any, hears once about each changed subscription feed. A
 * hub that is down is reported, not fatal.
 */
export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  const { store, config } = options;
  const outer: BuildLog = options.log ?? (() => undefined);
  // The log up to the summary line is kept with the build's state: a build that finds nothing changed says it again.
  const said: [level: 'info' | 'warn', message: string][] = [];
  const log: BuildLog = (level, message) => {
    said.push([level, message]);
    outer(level, message);
  };
  const outDir = path.resolve(options.outDir);
  const now = options.now ?? new Date();
  const future = options.future ?? false;
  const sourcesDir = path.resolve(options.sourcesDir ?? process.cwd());
  const templates = options.issues?.templates;
  const loaded = await loadSignUp(config, options.issues?.rootDir);
  const signUp = loaded?.signUp;
  const environment = environmentKey({ code: codeVersion(), config, ...(templates && { templates: templates.fingerprint }), ...(loaded && { signUp: loaded.source }) });
  // The store's version before anything is read: a change committed during this build moves it, and the next build plans again.
  const version = await store.contentVersion();
  const stateKey = digest(['build state', environment, version, future ? 'future' : 'now', sourcesDir]);
  // The last build's list: which files it made, and its record of each (size, mtime, hash) to know them again without reading them.
  const last = await readManifest(outDir);
  const listedBefore = last.files;
  if (!options.verify && last.state && stillCurrent(last.state, stateKey, now, outDir, listedBefore)) {
    return unchangedBuild(last.state, { outDir, listed: [...listedBefore.keys()].sort(), log: outer, future, roundups: templates !== undefined }, (changed) =>
      config.feeds.hub ? notifyHub(store, config.feeds.hub, changed, options.notifyHub ?? publishToHub, outer) : Promise.resolve(undefined),
    );
  }
  const site = await sitePosts(store, config, now, future);
  // Addresses follow the config: derived again from site.baseUrl and the permalink rules, and stored when they moved
  // (the posts that are down too: their tombstones and 410s name their address).
  const live = readdress(site.posts, config);
  const down = readdress([...(site.lifecycle.withdrawn ?? []), ...(site.lifecycle.expired ?? [])], config);
  const moved = [...new Map([...live.moved, ...down.moved].map((change) => [change.id, change])).values()];
  if (moved.length > 0) {
    await store.setPostUrls(moved);
    log('info', `${moved.length} ${moved.length === 1 ? 'address' : 'addresses'} moved (site.baseUrl or a permalink rule changed); feeds and roundups use the new ones, ids are unchanged`);
  }
  const readdressed = new Map(down.posts.map((post) => [post.id, post]));
  const again = (posts: readonly Post[] | undefined): Post[] => (posts ?? []).map((post) => readdressed.get(post.id) ?? post);
  const lifecycle: SiteLifecycle = { ...site.lifecycle, withdrawn: again(site.lifecycle.withdrawn), expired: again(site.lifecycle.expired), inSentIssues: again(site.lifecycle.inSentIssues) };
  const { scheduled } = site;
  // Templates were read and compiled by the caller before anything is written: a broken template failed there with its file and line.
  // And rendered once, on a made-up issue: what only an email shows (an image without alt text) fails here too, not half-way through the roundups.
  // Not again when the last complete build checked these same templates with this config and code.
  if (templates && last.state?.environment !== environment) probeTemplates(config, { templates });
  // Markdown posts' relative links and images: to other posts' addresses, to files copied beside the page, or a warning.
  const probed = probing(fsLinkFiles());
  const links = resolvePostLinks(live.posts, { config, sourcesDir, pages: pagesWanted(live.posts, config), files: probed.files });
  const posts = links.posts;
  for (const warning of links.warnings) log('warn', warning);
  if (links.counts.links > 0) {
    const { links: n, posts: toPosts, files, unresolved } = links.counts;
    log('info', `relative links and images in Markdown posts: ${n}: ${toPosts} to other posts, ${files} to files (${links.assets.length} copied beside their pages), ${unresolved} resolve to nothing`);
  }
  // Issue numbers are given once, in the store, so that a back-dated post in a new week renumbers (and rewrites) no later roundup.
  // The posts of sent roundups that have since been withdrawn count: their roundup keeps its number.
  const numbered = [...posts, ...(lifecycle.inSentIssues ?? [])];
  const issuePlan = templates ? planIssues(numbered, config) : undefined;
  const numbers = issuePlan ? await store.assignIssueNumbers(issuePlan.issues.map((issue) => issue.id)) : undefined;
  // What each output is made from: an output whose key the last build recorded, and whose file is as it left it, is not rendered.
  const keys = outputKeys([...posts, ...(lifecycle.inSentIssues ?? [])], environment);
  const plan = planSite(posts, config, templates, lifecycle, {
    ...(signUp && { signUp }),
    ...(numbers && { issueNumbers: numbers }),
    ...(issuePlan && { issuePlan }),
    keys,
  });
  if (templates && config.email.postalAddress.trim() === '') {
    log('warn', 'email.postalAddress is empty: every roundup email should show the sender\'s postal address (anti-spam laws ask for it); set it in the config');
  }
  for (const problem of plan.problems) log('warn', problem);

  const written: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  const changedFeeds: string[] = [];
  const changedArchives: string[] = [];
  const records: Manifest = new Map();
  const mismatched: string[] = [];
  const record = (file: SiteFile, result: RecordedWrite | 'current'): void => {
    const outcome = result === 'current' ? 'unchanged' : result.outcome;
    const before = listedBefore.get(file.path);
    const kept = result === 'current' ? before : result.record;
    records.set(file.path, kept && file.key !== undefined ? { ...kept, key: file.key } : kept);
    if (result !== 'current' && result.mismatch) mismatched.push(file.path);
    (outcome === 'written' ? written : unchanged).push(file.path);
    if (outcome !== 'written' || file.url === undefined) return;
    if (file.kind === 'feed') changedFeeds.push(file.url);
    else if (file.kind === 'archive') changedArchives.push(file.url);
  };
  const hubNotify = options.notifyHub ?? publishToHub;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const writer: Writer = { outDir, concurrency, listed: listedBefore, verify: options.verify ?? false, record };
  try {
    await writeAll(plan.feedFiles(), writer);
    // The feeds' encoded entries are not needed for the pages and roundups: let them go.
    releaseMemos();
    await writeAll(plan.pageFiles(), writer);
    await writeAll(assetFiles(links.assets), writer);
    // An issue's email.mjml says its other email files are complete (see issuesCurrent), so it goes last
    // (and after their folders are synced: writeAll syncs the folders it wrote into before it returns).
    const markers: SiteFile[] = [];
    // --verify renders every roundup too, so that its email files are compared as well.
    await writeAll(holdBack(plan.emailFiles((message) => log('warn', message), options.verify ? undefined : issuesCurrent(outDir, listedBefore)), markers), writer);
    await writeAll(markers, writer);
    // What `tidings serve` answers 410 Gone for (no file while nothing is gone); then the pages that are gone go.
    if (plan.gonePages.length > 0) await writeAll([goneFile(plan.gonePages)], writer);
    else await unlink(insideOutDir(outDir, GONE_FILE)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await removeGone(plan, outDir, removed);
  } catch (error) {
    // The feeds replaced so far are what readers now get: the hub hears about them, or a rebuild (finding them unchanged) never would tell it.
    if (config.feeds.hub) await notifyHub(store, config.feeds.hub, [...changedFeeds, ...changedArchives].sort(), hubNotify, log);
    if (!(error instanceof WriteError)) throw error;
    throw error.withNote(
      written.length === 0
        ? 'This build replaced no file: out/ is as it was.'
        : `This build had already replaced ${written.length} other file(s) in ${outDir} (each is whole, old or new); run it again to finish.`,
    );
  }
  written.sort();
  unchanged.sort();
  changedFeeds.sort();
  // Only after every file is in place: a build that stopped half-way removes nothing and keeps the old list.
  // A build without the roundups (the preview while its templates are broken) leaves theirs alone: they stay, and stay listed.
  const made = new Set([...written, ...unchanged]);
  const listed = [...listedBefore.keys()];
  const kept = templates ? [] : listed.filter((p) => p.startsWith(ISSUES_PATH) && !made.has(p));
  const keep = new Set(kept);
  const stale = await removeStale(outDir, listed.filter((p) => !made.has(p) && !keep.has(p)));
  for (const p of kept) records.set(p, listedBefore.get(p));
  // What this build read, so that the next one can tell it would make the same site. Not kept when the store moved
  // since this build began (addresses this build moved, or someone else's import): the next build plans again.
  const settled = moved.length === 0 && (await store.contentVersion()) === version;
  const until = firstAfter(now, [...site.times, ...(issuePlan?.issues ?? []).map((issue) => issue.date)]);
  const counts = { posts: posts.length, issues: plan.issues, scheduled, withdrawn: lifecycle.withdrawn?.length ?? 0 };
  const state: BuildState = { key: settled ? stateKey : null, environment, from: now.getTime(), until, probes: probed.probes(), counts, problems: [...plan.problems], log: [...said] };
  await writeManifest(outDir, records, state, last);
  // The pages of posts that are gone (removed above by the gone list) and the files no longer made, once each.
  const allRemoved = [...new Set([...removed, ...stale])].sort();
  changedArchives.sort();
  const withdrawn = lifecycle.withdrawn?.length ?? 0;
  log(
    'info',
    summaryLine({ posts: posts.length, scheduled, withdrawn, future, issues: templates ? plan.issues : undefined, written: written.length, unchanged: unchanged.length, removed: allRemoved.length, feeds: changedFeeds.length, archives: changedArchives.length, outDir }),
  );

  if (options.verify) {
    const shown = mismatched.slice(0, 5).join(', ') + (mismatched.length > 5 ? ', ...' : '');
    log('info', `verified: every file read back; ${mismatched.length} had been changed on disk since the last build without its size or mtime showing it${mismatched.length > 0 ? ` (${shown}), now put right` : ''}`);
  }
  const report: BuildReport = {
    outDir,
    posts: posts.length,
    written,
    unchanged,
    removed: allRemoved,
    changedFeeds,
    changedArchives,
    problems: [...plan.problems],
    issues: plan.issues,
    scheduled,
    withdrawn,
    moved: moved.length,
    ...(options.verify && { mismatched: mismatched.sort() }),
  };
  if (config.feeds.hub) {
    report.hub = await notifyHub(store, config.feeds.hub, [...changedFeeds, ...changedArchives].sort(), hubNotify, log);
  }
  return report;
}

/** The build's last line: what it read and what it did. */
function summaryLine(c: {
  posts: number;
  scheduled: number;
  withdrawn: number;
  future: boolean;
  /** Roundups, when they are built. */
  issues: number | undefined;
  written: number;
  unchanged: number;
  removed: number;
  feeds: number;
  archives: number;
  outDir: string;
}): string {
  const held = [...(c.scheduled > 0 ? [`${c.scheduled} scheduled ${c.future ? 'included (--future)' : 'left out until their date'}`] : []), ...(c.withdrawn > 0 ? [`${c.withdrawn} withdrawn`] : [])];
  const archives = c.archives > 0 ? `, ${c.archives} archive pages changed` : '';
  const gone = c.removed > 0 ? `, ${c.removed} removed (no longer made)` : '';
  const roundups = c.issues === undefined ? '' : `, ${c.issues} roundups`;
  return `${c.posts} posts${held.length > 0 ? ` (${held.join(', ')})` : ''}${roundups}: ${c.written} files written, ${c.unchanged} unchanged${gone}, ${c.feeds} feeds changed${archives} (${c.outDir})`;
}

/**
 * The build when its state (build-state.ts) says nothing it reads has
 * changed and every file is as recorded: the last build's report and log
 * again, every file unchanged, nothing planned, rendered or written. The
 * hub still hears the notices an earlier build kept.
 */
async function unchangedBuild(
  state: BuildState,
  at: { outDir: string; listed: string[]; log: BuildLog; future: boolean; roundups: boolean },
  notify: (changed: string[]) => Promise<HubReport | undefined>,
): Promise<BuildReport> {
  for (const [level, message] of state.log) at.log(level, message);
  const { counts } = state;
  const summary = { ...counts, future: at.future, issues: at.roundups ? counts.issues : undefined, written: 0, unchanged: at.listed.length, removed: 0, feeds: 0, archives: 0, outDir: at.outDir };
  at.log('info', `${summaryLine(summary)}; nothing it reads has changed since the last build`);
  const report: BuildReport = {
    outDir: at.outDir,
    posts: counts.posts,
    written: [],
    unchanged: at.listed,
    removed: [],
    changedFeeds: [],
    changedArchives: [],
    problems: [...state.problems],
    issues: at.roundups ? counts.issues : 0,
    scheduled: counts.scheduled,
    withdrawn: counts.withdrawn,
    moved: 0,
  };
  const hub = await notify([]);
  if (hub !== undefined) report.hub = hub;
  return report;
}

/** Removes the pages of posts that are gone and the email files of roundups left without a post (a file already gone is fine). */
async function removeGone(
  plan: { gonePages: readonly string[]; emptyIssues: readonly string[]; goneIssues: readonly string[] },
  outDir: string,
  removed: string[],
): Promise<void> {
  const files = [
    ...plan.gonePages.map((dir) => `${dir}index.html`),
    ...plan.emptyIssues.flatMap((dir) => EMAIL_FILES.map((name) => `${dir}${name}`)),
    ...plan.goneIssues.flatMap((dir) => ['index.html', ...EMAIL_FILES].map((name) => `${dir}${name}`)),
  ];
  for (const file of files) {
    try {
      await unlink(insideOutDir(outDir, file));
      removed.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

interface Writer {
  readonly outDir: string;
  readonly concurrency: number;
  /** The last build's list, with its record of each file. */
  readonly listed: Manifest;
  readonly verify: boolean;
  readonly record: (file: SiteFile, result: RecordedWrite | 'current') => void;
  /** How the file system is flushed at once (default: syncfs through `sync -f`). */
  readonly flush?: FileSystemFlush;
}

/** Files staged before a commit (staged-writes.ts): bounds what a killed build leaves as temporary files in out/. */
const STAGED_BATCH = 256;

/**
 * Writes files from the (lazy) iterable, `concurrency` at a time, each
 * whole: in bulk (staged-writes.ts: the new bytes to temporary files, then
 * per batch one flush of the file system, the renames, and one more flush),
 * or, where the file system cannot be flushed at once, each fdatasync'ed
 * before its rename and each folder written into synced once. A file counts
 * as written (record) once it is in place. On a failure the files already in
 * place stay, the others' temporary files are removed.
 */
async function writeAll(files: Iterable<SiteFile> | AsyncIterable<SiteFile>, writer: Writer): Promise<void> {
  const { outDir, concurrency, record, listed, verify } = writer;
  const owed = new Set<string>();
  const stage = staging(writer.flush);
  const pending = new Map<string, { file: SiteFile; result: RecordedWrite }>();
  const commit = async (): Promise<void> => {
    try {
      for (const done of await stage.commit(owed)) settle(done);
    } catch (error) {
      if (!(error instanceof CommitError)) throw error;
      for (const done of error.renamed) settle(done);
      throw new WriteError({ file: error.file, cause: error.cause, state: error.afterRenames ? 'replaced' : 'unchanged', existed: true });
    }
  };
  const settle = (target: string): void => {
    const written = pending.get(target);
    pending.delete(target);
    if (written) record(written.file, written.result);
  };
  const iterator: Iterator<SiteFile> | AsyncIterator<SiteFile> = Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
  // The first failure stops every worker from taking another file; the ones already writing finish (each file stays whole).
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    try {
      for (let next = await iterator.next(); !next.done && failure === undefined; next = await iterator.next()) {
        const file = next.value;
        if (file.current) {
          record(file, 'current');
          continue;
        }
        const target = insideOutDir(outDir, file.path);
        const known = listed.get(file.path);
        // Made from the same inputs as last time, and left as it was: not rendered, not read.
        if (!verify && file.key !== undefined && known?.key === file.key && asRecorded(target, known)) {
          record(file, 'current');
          continue;
        }
        const content = typeof file.content === 'function' ? file.content() : file.content;
        const result = await writeFileRecorded(target, content, { owed, verify, staging: stage, ...(known && { known }) });
        if (!result.staged) {
          record(file, result);
          continue;
        }
        pending.set(target, { file, result });
        if (stage.size >= STAGED_BATCH) await commit();
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  try {
    if (failure === undefined) await commit();
  } catch (error) {
    failure ??= { error };
  }
  await stage.abort();
  try {
    await syncFolders(owed);
  } catch (error) {
    failure ??= { error };
  }
  if (failure !== undefined) throw failure.error;
}

/** The files the posts' pages use, read from their source folders one at a time. */
async function* assetFiles(assets: readonly PostAsset[]): AsyncGenerator<SiteFile> {
  for (const asset of assets) yield { path: asset.to, content: await readFile(asset.from), kind: 'asset' };
}

/** The files, without the markers, which go to `markers` to be written afterwards. */
async function* holdBack(files: AsyncIterable<SiteFile>, markers: SiteFile[]): AsyncGenerator<SiteFile> {
  for await (const file of files) {
    if (file.marker) markers.push(file);
    else yield file;
  }
}

/**
 * A roundup's email files are current when the last build recorded this key
 * for each and each is as it left them; or, for files written before the
 * keys (no key recorded), when they all exist and its email.mjml (written
 * last) holds one of the render keys.
 */
function issuesCurrent(outDir: string, listed: Manifest): IsCurrent {
  return async (issueDir, key, renderKeys) => {
    const dir = insideOutDir(outDir, issueDir);
    const known = EMAIL_FILES.map((name) => listed.get(`${issueDir}${name}`));
    if (key !== undefined && known.every((entry) => entry?.key !== undefined)) {
      if (!known.every((entry) => entry?.key === key)) return false;
      return EMAIL_FILES.every((name, i) => asRecorded(path.join(dir, name), known[i]));
    }
    try {
      const mjml = await readFile(path.join(dir, 'email.mjml'), 'utf8');
      if (!renderKeys().some((k) => mjml.includes(k))) return false;
      const files = await Promise.all(EMAIL_FILES.map((name) => stat(path.join(dir, name))));
      return files.every((f) => f.isFile());
    } catch {
      return false;
    }
  };
}

function insideOutDir(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  if (!target.startsWith(outDir + path.sep)) throw new Error(`refusing to write ${relative}: it is outside ${outDir}`);
  return target;
}

/**
 * Tells the hub about each changed document and about every notice kept
 * from an earlier build, then keeps the ones that failed (one more attempt
 * counted) and forgets the ones the hub took. Each failure is logged once,
 * one line per distinct error (a hub that is down fails every notice alike).
 */
export async function notifyHub(
  store: Pick<Store, 'keptHubNotices' | 'keepHubNotices' | 'dropHubNotices'>,
  hub: string,
  changed: readonly string[],
  notify: HubNotifier,
  log: BuildLog,
): Promise<HubReport> {
  const kept = await store.keptHubNotices();
  const fresh = new Set(changed);
  const retry = kept.map((k) => k.url).filter((url) => !fresh.has(url));
  const urls = [...changed, ...retry];
  const report: HubReport = { hub, notified: [], failed: [], retried: 0 };
  const keptUrls = new Set(kept.map((k) => k.url));
  const results = await settleEach(urls, HUB_CONCURRENCY, (url) => notify(hub, url));
  results.forEach((result, i) => {
    const feedUrl = urls[i] ?? '';
    if (keptUrls.has(feedUrl)) report.retried++;
    if (result.status === 'fulfilled') report.notified.push(feedUrl);
    else report.failed.push({ feedUrl, error: result.reason instanceof Error ? result.reason.message : String(result.reason) });
  });
  const taken = report.notified.filter((url) => keptUrls.has(url));
  if (taken.length > 0) await store.dropHubNotices(taken);
  if (report.failed.length > 0) await store.keepHubNotices(hub, report.failed.map((f) => ({ url: f.feedUrl, error: f.error })));
  const byError = new Map<string, number>();
  for (const f of report.failed) byError.set(f.error, (byError.get(f.error) ?? 0) + 1);
  for (const [error, count] of byError) {
    log('warn', `WebSub: ${error} (${count === 1 ? 'the notice is' : `${count} notices are`} kept and sent again at the next build)`);
  }
  if (report.notified.length > 0) {
    const again = report.retried - report.failed.filter((f) => keptUrls.has(f.feedUrl)).length;
    log('info', `WebSub: ${hub} notified of ${report.notified.length} changed documents${again > 0 ? ` (${again} kept from an earlier build)` : ''}`);
  }
  report.notified.sort();
  report.failed.sort((a, b) => (a.feedUrl < b.feedUrl ? -1 : a.feedUrl > b.feedUrl ? 1 : 0));
  return report;
}

/** Promise.allSettled over `items`, at most `limit` at a time, results in the order of `items`. */
async function settleEach<T>(items: readonly string[], limit: number, run: (item: string) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array<PromiseSettledResult<T>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await run(items[i] ?? '') };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
