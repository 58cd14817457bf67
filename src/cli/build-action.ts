import path from 'node:path';
import { siteTemplates } from '../app/templates.js';
import { buildSite } from '../build/index.js';
import { periodKeysAt } from '../digest/periods.js';
import { EXIT_OK } from '../errors.js';
import { sendingProblems } from '../send/sending-safety.js';
import type { CommandContext } from './main.js';
import { withApp } from './with-app.js';

export interface BuildOptions {
  out?: string;
  future?: boolean;
  verify?: boolean;
}

/** What `tidings build` runs (imported by build.ts only when the command runs: its --help loads none of this). */
export function buildAction(ctx: CommandContext, opts: BuildOptions): Promise<number> {
  return withApp(ctx, async (app) => {
    const outDir = opts.out ? path.resolve(ctx.io.cwd, opts.out) : path.resolve(app.rootDir, app.config.build.outDir);
    // Keys the import did not work out (a store from before migration 17, a changed site.timeZone), in one pass.
    await app.store.refreshPeriodKeys(app.config.site.timeZone, periodKeysAt);
    // Read and checked before anything is written: a broken template fails the build with its file and line.
    const templates = await siteTemplates(app.config, app.rootDir);
    const report = await buildSite({
      store: app.store,
      config: app.config,
      outDir,
      issues: { rootDir: app.rootDir, templates },
      now: app.now(),
      future: opts.future ?? false,
      verify: opts.verify ?? false,
      sourcesDir: ctx.io.cwd,
      log: (level, message) => (level === 'warn' ? ctx.io.err(`warning: ${message}`) : ctx.io.out(message)),
    });
    // What `send`, `schedule` and `start` would refuse over a relay (app.ts checkSending), said before anyone sends.
    for (const problem of sendingProblems(app.config)) ctx.io.err(`warning: ${problem.message} (tidings send refuses to mail subscribers until then, unless --allow-insecure)`);
    if (report.hub && report.hub.notified.length + report.hub.failed.length > 0) {
      const { notified, failed } = report.hub;
      // Each failure was logged once already (as a warning, with why); this is the count.
      const kept = failed.length > 0 ? ` (kept in the store and sent again at the next build or scheduler tick)` : '';
      ctx.io.out(`WebSub hub ${report.hub.hub}: ${notified.length} document(s) notified, ${failed.length} failed${kept}`);
    }
    return EXIT_OK;
  });
}
