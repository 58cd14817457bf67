import { buildSite } from '../../build/build-site.js';
import type { Store } from '../../store/store.js';
import type { Snapshot } from './snapshot.js';

export interface BuildOutcome {
  /** Files written (changed or new). */
  readonly written: number;
  readonly warnings: readonly string[];
  /** One line for the log. */
  readonly summary: string;
}

/**
 * `tidings build` of a snapshot into the output folder: what the web
 * versions and the raw feeds of the preview are served from. Writes only
 * files whose bytes change, and renders only the roundups whose inputs
 * changed. Without usable templates the roundups are left as they were.
 */
export async function buildOut(snapshot: Snapshot, store: Store, outDir: string): Promise<BuildOutcome> {
  const warnings: string[] = [];
  let summary = '';
  const report = await buildSite({
    store,
    config: snapshot.config,
    outDir,
    now: snapshot.updatedAt,
    // The snapshot's posts are the store's list, patched after each import: not read back whole for every save.
    listed: snapshot.posts,
    ...(snapshot.templates ? { issues: { rootDir: snapshot.rootDir, templates: snapshot.templates } } : {}),
    log: (level, message) => {
      if (level === 'warn') warnings.push(message);
      else summary = message;
    },
  });
  return { written: report.written.length, warnings, summary };
}
