import path from 'node:path';
import type { BuildReport } from '../build/build-report.js';
import { startBuild } from '../build/current-build.js';
import { loadTemplates } from '../build/load-templates.js';
import { readSignUp } from '../build/sign-up-source.js';
import { templatesFingerprint } from '../digest/templates/files.js';
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
    const now = app.now();
    const future = opts.future ?? false;
    const verify = opts.verify ?? false;
    const log = (level: 'info' | 'warn', message: string): void => (level === 'warn' ? ctx.io.err(`warning: ${message}`) : ctx.io.out(message));
    // Nothing it reads changed since the last build: said from the templates' and sign-up template's text alone,
    // before the posts are read or anything that renders (Handlebars, MJML, the feeds) is loaded.
    const set = await loadTemplates({ config: app.config, rootDir: app.rootDir });
    const signUp = await readSignUp(app.config, app.rootDir);
    const sourcesDir = path.resolve(ctx.io.cwd);
    const begun = await startBuild({ store: app.store, config: app.config, outDir, now, future, sourcesDir, verify, templates: templatesFingerprint(set), ...(signUp && { signUp: signUp.source }), log });
    let report: BuildReport;
    if (begun.report) report = begun.report;
    else {
      const [{ periodKeysAt }, { compileTemplates }, { buildSite }] = await Promise.all([import('../digest/periods.js'), import('../digest/templates/compile.js'), import('../build/build-site.js')]);
      // Keys the import did not work out (a store from before migration 17, a changed site.timeZone), in one pass.
      await app.store.refreshPeriodKeys(app.config.site.timeZone, periodKeysAt);
      // Checked before anything is written: a broken template fails the build with its file and line.
      const templates = compileTemplates(set);
      report = await buildSite({ store: app.store, config: app.config, outDir, issues: { rootDir: app.rootDir, templates }, now, future, verify, sourcesDir, log, start: begun.start });
    }
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
