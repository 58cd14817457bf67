import path from 'node:path';
import type { App } from './open-app.js';
import { siteTemplates } from './templates.js';
import { buildSite } from '../build/index.js';
import { notifyHub } from '../build/websub.js';
import { publishToHub } from '../build/websub.js';
import { planNumberedIssues } from '../build/numbered-issues.js';
import { defaultImportDeps } from './import-deps.js';
import { runImport } from '../import/run-import.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import { livePosts } from '../model/post-state.js';
import type { HubRetryOutcome, RunSteps, SendOutcome } from '../schedule/steps.js';

/** Problems of an import shown in the log (all of them are stored with its import run). */
const SHOWN_PROBLEMS = 5;

export type SendStep = (issueId: string, signal: AbortSignal) => Promise<SendOutcome>;

/**
 * The real steps of a run, on the app's store and config: import
 * content.paths (relative to the config file's folder), build out/ with the
 * roundups, plan the issues from the store, and send with `send`.
 */
export function appSteps(app: Pick<App, 'config' | 'store' | 'rootDir' | 'now'>, send: SendStep): RunSteps {
  const { config, store, rootDir } = app;
  return {
    async importContent() {
      const report = await runImport(config.content.paths, defaultImportDeps(app, rootDir));
      const problems = report.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      return {
        new: report.counts.new,
        updated: report.counts.updated,
        rejected: report.counts.rejected,
        withdrawn: report.counts.withdrawn ?? 0,
        restored: report.counts.restored ?? 0,
        problems: problems.slice(0, SHOWN_PROBLEMS),
      };
    },
    async build() {
      const warnings: string[] = [];
      // Read again at each run: templates edited while the scheduler runs are used from the next run.
      const templates = await siteTemplates(config, rootDir);
      const report = await buildSite({
        store,
        config,
        outDir: path.resolve(rootDir, config.build.outDir),
        issues: { rootDir, templates },
        // Posts whose date has come by now go in: this is how a scheduled post gets published.
        now: app.now(),
        sourcesDir: rootDir,
        log: (level, message) => {
          if (level === 'warn') warnings.push(message);
        },
      });
      return { written: report.written.length, issues: report.issues, warnings };
    },
    async planIssues() {
      return planNumberedIssues(store, livePosts(await store.listPosts(), app.now()), config);
    },
    send,
    async retryHubNotices(): Promise<HubRetryOutcome> {
      const hub = config.feeds.hub;
      const kept = hub ? await store.keptHubNotices() : [];
      if (hub === undefined || kept.length === 0) return { notified: [], newFailures: [] };
      const before = new Map(kept.map((k) => [k.url, k.lastError]));
      const report = await notifyHub(store, hub, [], publishToHub, () => undefined);
      return {
        notified: report.notified,
        newFailures: report.failed.filter((f) => before.get(f.feedUrl) !== f.error).map((f) => ({ url: f.feedUrl, error: f.error })),
      };
    },
  };
}
