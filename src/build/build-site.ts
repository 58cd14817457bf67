import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { readdress } from '../addresses/readdress.js';
import type { Config } from '../config/schema.js';
import { EMAIL_FILES } from './issue-outputs.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { probeTemplates } from '../digest/render/probe.js';
import { ISSUES_PATH } from '../digest/paths.js';
import { planIssues } from '../digest/plan.js';
import type { Store } from '../store/store.js';
import { WriteError } from '../files/write-error.js';
import type { RecordedWrite } from '../files/recorded-write.js';
import { releaseMemos } from '../feeds/bytes.js';
import { fsLinkFiles } from './link-files.js';
import { resolvePostLinks } from './post-links.js';
import { pagesWanted } from '../pages/index.js';
import type { Post } from '../model/post.js';
import type { SiteFile, SiteLifecycle } from './site-files.js';
import { planSite } from './site-files.js';
import { goneFile, sitePosts } from './lifecycle.js';
import { GONE_FILE } from '../pages/gone.js';
import { loadSignUp } from './sign-up-template.js';
import type { Manifest } from './manifest.js';
import { loadEntryReuse } from './entry-reuse.js';
import { outputKeys } from './output-keys.js';
import type { BuildState } from './build-state.js';
import { firstAfter, probing } from './build-state.js';
import { removeStale, writeManifest } from './manifest.js';
import type { HubNotifier } from './websub.js';
import { notifyHub, publishToHub } from './websub.js';
import type { BuildLog, BuildReport } from './build-report.js';
import type { BuildStart } from './current-build.js';
import { startBuild } from './current-build.js';
import { keepLearned, restoreKept } from './stencil-file.js';
import { summaryLine } from './unchanged-build.js';
import { assetFiles, holdBack, insideOutDir, issuesCurrent, writeAll } from './write-all.js';
import type { Writer } from './write-all.js';

export type { BuildLog, BuildReport, HubReport } from './build-report.js';

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
  /**
   * The build's first step (current-build.ts startBuild), when the caller
   * already ran it with these same inputs and it found work to do
   * (cli/build-action.ts does, before it loads the renderers): not run again,
   * so the list of the last build is read and parsed once.
   */
  start?: BuildStart;
  /**
   * The store's listPosts() (every post not withdrawn, newest first), as
   * the caller already holds it: the preview keeps its list between saves
   * and patches it after each import (preview/session/post-list.ts), so a
   * build there does not read 10,000 posts back for one saved file, and the
   * memos kept on those same post objects (addresses, excerpts, fingerprints)
   * still hold. The store is not asked whether the list is current, so the
   * build keeps no state a later build could take as "nothing changed"
   * (build-state.ts): that one plans again.
   */
  listed?: readonly Post[];
}

const DEFAULT_CONCURRENCY = 16;

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
  const begun = options.start ? { start: options.start } : await startBuild({
    store,
    config,
    outDir,
    now,
    future,
    sourcesDir,
    verify: options.verify ?? false,
    ...(templates && { templates: templates.fingerprint }),
    ...(loaded && { signUp: loaded.source }),
    log: outer,
    ...(options.notifyHub && { notifyHub: options.notifyHub }),
  });
  if ('report' in begun && begun.report) return begun.report;
  const { environment, version, stateKey, last } = begun.start;
  const listedBefore = last.files;
  const site = await sitePosts(store, config, now, future, options.listed);
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
  // The subscription feeds' entries that have not changed are copied from the files the last build wrote (not for --verify, which renders all).
  const entries = options.verify ? undefined : await loadEntryReuse(outDir, environment);
  const plan = planSite(posts, config, templates, lifecycle, {
    ...(signUp && { signUp }),
    ...(numbers && { issueNumbers: numbers }),
    ...(issuePlan && { issuePlan }),
    keys,
    ...(entries && { entries: entries.forFile }),
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
  const subscriptionFiles: string[] = [];
  const record = (file: SiteFile, result: RecordedWrite | 'current'): void => {
    const outcome = result === 'current' ? 'unchanged' : result.outcome;
    const before = listedBefore.get(file.path);
    const kept = result === 'current' ? before : result.record;
    records.set(file.path, kept && file.key !== undefined ? { ...kept, key: file.key } : kept);
    if (result !== 'current' && result.mismatch) mismatched.push(file.path);
    (outcome === 'written' ? written : unchanged).push(file.path);
    if (file.kind === 'feed') subscriptionFiles.push(file.path);
    if (outcome !== 'written' || file.url === undefined) return;
    if (file.kind === 'feed') changedFeeds.push(file.url);
    else if (file.kind === 'archive') changedArchives.push(file.url);
  };
  const hubNotify = options.notifyHub ?? publishToHub;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const writer: Writer = { outDir, concurrency, listed: listedBefore, verify: options.verify ?? false, record };
  try {
    await writeAll(plan.feedFiles(), writer);
    await entries?.keep(subscriptionFiles);
    // The feeds' encoded entries are not needed for the pages and roundups: let them go.
    releaseMemos();
    await writeAll(plan.pageFiles(), writer);
    await writeAll(assetFiles(links.assets), writer);
    // Nor the feeds' entries and the pages' views (each post's safe HTML) for the roundups.
    plan.releaseFeedsAndPages();
    // An issue's email.mjml says its other email files are complete (see issuesCurrent), so it goes last
    // (and after their folders are synced: writeAll syncs the folders it wrote into before it returns).
    const markers: SiteFile[] = [];
    // Fragments an earlier build learned of these templates: a roundup made of them needs no MJML (not for --verify, which learns and checks them again).
    if (templates && !options.verify) await restoreKept(outDir, templates);
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
  const settled = moved.length === 0 && options.listed === undefined && (await store.contentVersion()) === version;
  const until = firstAfter(now, [...site.times, ...(issuePlan?.issues ?? []).map((issue) => issue.date)]);
  const counts = { posts: posts.length, issues: plan.issues, scheduled, withdrawn: lifecycle.withdrawn?.length ?? 0 };
  const state: BuildState = { key: settled ? stateKey : null, environment, from: now.getTime(), until, probes: probed.probes(), counts, problems: [...plan.problems], log: [...said] };
  await writeManifest(outDir, records, state, last);
  if (templates) await keepLearned(outDir, templates);
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

