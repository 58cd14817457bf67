import type { BuildLog, BuildReport, HubReport } from './build-report.js';
import type { BuildState } from './build-state.js';

/** The build's last line: what it read and what it did. */
export function summaryLine(c: {
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
export async function unchangedBuild(
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

