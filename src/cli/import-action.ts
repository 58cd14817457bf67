import { EXIT_BAD_INPUT, EXIT_OK } from '../errors.js';
import { runImport } from '../import/run-import.js';
import { defaultImportDeps } from '../app/import-deps.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import type { CommandContext } from './main.js';
import { progressBar } from './progress.js';
import { withApp } from './with-app.js';

/** What `tidings import` runs (imported by import.ts only when the command runs: its --help loads none of this). */
export function importAction(ctx: CommandContext, paths: string[]): Promise<number> {
  return withApp(ctx, async (app) => {
    const args = paths.length > 0 ? paths : app.config.content.paths;
    const bar = progressBar(ctx.io, 'import');
    const report = await runImport(args, { ...defaultImportDeps(app, ctx.io.cwd), onProgress: bar.update });
    bar.stop();
    for (const d of report.diagnostics) ctx.io.err(formatDiagnostic(d));
    const c = report.counts;
    ctx.io.out(
      `imported ${args.join(' ')}: ${report.filesRead} file(s) read, ${report.filesSkipped} unchanged file(s) skipped\n` +
        `  new ${c.new}, updated ${c.updated}, merged ${c.merged}, unchanged ${c.unchanged}, rejected ${c.rejected}` +
        (c.skipped > 0 ? `, skipped ${c.skipped} (drafts and other entries that are not published posts)` : '') +
        (c.withdrawn ? `, withdrawn ${c.withdrawn}` : '') +
        (c.restored ? `, restored ${c.restored}` : ''),
    );
    for (const w of report.withdrawn) ctx.io.out(`  withdrawn ${w.id}: ${w.withdrawal.reason}`);
    if (c.rejected > 0) {
      ctx.io.err(`${c.rejected} problem(s) above were skipped; everything else was imported. Fix them and import again.`);
      return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
  });
}
