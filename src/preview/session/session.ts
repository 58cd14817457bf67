import type { App } from '../../app.js';
import type { Config } from '../../config/schema.js';
import { planIssues } from '../../digest/plan.js';
import { displayPath } from '../../import/collect.js';
import type { Post } from '../../model/post.js';
import type { ChangeSet } from '../watch/changes.js';
import { describeChanges } from '../watch/changes.js';
import type { WatchRoots } from '../watch/roots.js';
import { watchRoots } from '../watch/roots.js';
import { buildOut, type BuildOutcome } from './build-out.js';
import { withExcerpts } from './excerpts.js';
import { importContent } from './import-content.js';
import type { Problem } from './problems.js';
import { fromDiagnostic, fromError, shownPath } from './problems.js';
import { postList } from './post-list.js';
import { serialRunner } from './serial.js';
import type { Snapshot } from './snapshot.js';
import { makeSnapshot } from './snapshot.js';
import type { TemplatesResult } from './templates.js';
import { loadSiteTemplates } from './templates.js';

export type PreviewLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface SessionOptions {
  /** The opened app: its store is used throughout; its config is the first one, read again (app.reloadConfig) when it changes. */
  readonly app: App;
  /** Where relative content paths are resolved (as `tidings import` does). */
  readonly cwd: string;
  /** Folder the site is built into (build.outDir at start). */
  readonly outDir: string;
  readonly log: PreviewLog;
  /** A new snapshot is in use (pages should refresh). */
  readonly onSnapshot: (snapshot: Snapshot) => void;
  /** The output folder was rebuilt from the current snapshot. */
  readonly onBuilt: (outcome: BuildOutcome) => void;
}

export interface PreviewSession {
  current(): Snapshot;
  /** Re-imports, re-reads and re-renders what the changes touch; one refresh at a time. Resolves when done. */
  apply(changes: ChangeSet): Promise<void>;
  /** Resolves when no refresh is running or queued. */
  idle(): Promise<void>;
}

/**
 * The preview's working state. At start: imports the content paths
 * (unchanged files are skipped by hash), compiles the templates and builds
 * the site. Then, per batch of changes:
 * - the config: read again; a broken config is reported and the last good
 *   one stays in use; a changed one imports the content paths again (new
 *   paths, files changed meanwhile; unchanged files are skipped by hash, as
 *   `tidings import` does) and reads the templates again;
 * - content files: only those files are imported again;
 * - templates: read and compiled again, and the newest roundup rendered
 *   once as a check.
 * A new snapshot then goes out (open pages reload), and the site is built
 * again (only changed files are written, only changed roundups rendered).
 */
export async function openSession(options: SessionOptions): Promise<PreviewSession> {
  const { app, log } = options;
  let config: Config = app.config;
  let configFile = app.configFile;
  let generation = 0;
  let configProblems: Problem[] = [];
  let templates: TemplatesResult = { templates: null, problems: [] };
  let buildProblems: Problem[] = [];
  /** Import problems by the file they are in: a file imported again replaces its own. */
  let contentProblems = new Map<string, Problem[]>();
  const warned = new Set<string>();
  let current: Snapshot | undefined;
  const posts = postList(app.store);
  /** The posts of the next snapshot, when the import of this refresh has read them (else the whole list is read). */
  let listed: Promise<readonly Post[]> | undefined;

  const rootsOf = (c: Config, file: string | null): WatchRoots =>
    watchRoots({ contentPaths: c.content.paths, templatesDir: c.digest.templatesDir, cwd: options.cwd, rootDir: app.rootDir, configFile: file });

  async function readConfig(): Promise<boolean> {
    try {
      const loaded = await app.reloadConfig();
      configProblems = [];
      if (loaded.rootDir !== app.rootDir) log('warn', `the config now lives in ${loaded.rootDir}: restart tidings preview to use it`);
      if (JSON.stringify(loaded.config) === JSON.stringify(config)) return false;
      if (loaded.config.store.path !== config.store.path) log('warn', 'store.path changed: restart tidings preview to use the new store');
      config = loaded.config;
      configFile = loaded.file;
      return true;
    } catch (error) {
      configProblems = fromError(error, 'config', app.rootDir);
      log('error', `the config cannot be used; the last good one stays in use until it is fixed:\n${configProblems.map(line).join('\n')}`);
      return false;
    }
  }

  async function importPaths(paths: readonly string[], all: boolean): Promise<string> {
    try {
      const report = await importContent({ app, config, cwd: options.cwd, paths });
      // After a few files, only the posts they touched are read again; after all of them, the whole list.
      listed = all ? posts.reload() : posts.after(report);
      const next = all ? new Map<string, Problem[]>() : new Map(contentProblems);
      if (!all) for (const p of paths) next.delete(displayPath(p, options.cwd));
      for (const d of report.diagnostics) {
        const problem = fromDiagnostic(d, 'content', options.cwd);
        next.set(problem.file, [...(next.get(problem.file) ?? []), problem]);
      }
      contentProblems = next;
      const c = report.counts;
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      // Printed as they are: the diagnostic carries its own severity.
      for (const d of errors) log('error', line(fromDiagnostic(d, 'content', options.cwd)));
      return `${c.new} new, ${c.updated} updated, ${c.merged} merged, ${c.rejected} rejected${c.withdrawn ? `, ${c.withdrawn} withdrawn` : ''}${c.restored ? `, ${c.restored} restored` : ''}`;
    } catch (error) {
      listed = posts.reload();
      const problems = fromError(error, 'content', app.rootDir);
      contentProblems = new Map([...contentProblems, ['(import)', problems]]);
      log('error', `the import failed: ${problems.map(line).join('; ')}`);
      return 'import failed';
    }
  }

  async function publish(cause: string): Promise<Snapshot> {
    // Read again whole unless an import just read what it touched (an import run elsewhere meanwhile shows at the next refresh of any other kind).
    const list = await (listed ?? posts.reload());
    listed = undefined;
    const problems = await withExcerpts([...configProblems, ...templates.problems, ...[...contentProblems.values()].flat(), ...buildProblems]);
    generation += 1;
    current = makeSnapshot({
      generation,
      config,
      configFile,
      rootDir: app.rootDir,
      posts: list,
      templates: templates.templates,
      problems,
      roots: rootsOf(config, configFile),
      updatedAt: app.now(),
      cause,
      issueNumbers: await app.store.issueNumbers(),
    });
    options.onSnapshot(current);
    return current;
  }

  async function build(snapshot: Snapshot): Promise<void> {
    const before = buildProblems.length;
    try {
      const outcome = await buildOut(snapshot, app.store, options.outDir);
      buildProblems = [];
      for (const w of outcome.warnings) {
        if (!warned.has(w)) log('warn', w);
        warned.add(w);
      }
      if (outcome.summary) log('info', `built: ${outcome.summary}`);
      options.onBuilt(outcome);
    } catch (error) {
      buildProblems = fromError(error, 'build', app.rootDir);
      log('error', `the site was not built: ${buildProblems.map(line).join('; ')}`);
    }
    // A build that failed, or works again, changes what the pages say.
    if (buildProblems.length > 0 || before > 0) await publish(snapshot.cause);
  }

  async function refresh(changes: ChangeSet, initial: boolean): Promise<void> {
    const started = Date.now();
    const configChanged = changes.config ? await readConfig() : false;
    let imported = '';
    if (initial || configChanged) imported = await importPaths(config.content.paths, true);
    else if (changes.content.length > 0) imported = await importPaths(changes.content, false);
    if (initial || configChanged || changes.templates) {
      const probe = planIssues(await app.store.listPosts(), config).issues.at(-1);
      templates = await loadSiteTemplates(config, app.rootDir, probe);
      if (templates.templates === null) log('error', `the roundup templates cannot be used:\n${templates.problems.map(line).join('\n')}`);
    }
    const cause = initial ? 'start' : describeChanges(changes, (file) => shownPath(file, app.rootDir));
    const snapshot = await publish(cause);
    log('info', `${cause}${imported ? ` (${imported})` : ''}: refreshed in ${Date.now() - started} ms`);
    await build(snapshot);
  }

  const runner = serialRunner(
    (changes) => refresh(changes, false),
    (error) => log('error', `refresh failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
  await refresh({ config: false, templates: true, content: [] }, true);

  return {
    current() {
      if (current === undefined) throw new Error('preview session: no snapshot yet');
      return current;
    },
    apply: (changes) => runner.run(changes),
    idle: () => runner.idle(),
  };
}

function line(problem: Problem): string {
  const where = problem.file === '' ? '' : `${problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file}: `;
  return `  ${where}${problem.severity}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
}
