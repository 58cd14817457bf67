import type { App } from '../../app.js';
import type { Config } from '../../config/schema.js';
import { defaultImportDeps } from '../../app/import-deps.js';
import type { ImportReport } from '../../import/run-import.js';
import { runImport } from '../../import/run-import.js';

export interface ContentImport {
  readonly app: App;
  /** The config in use (it may be newer than the app's). */
  readonly config: Config;
  /** Relative content paths are resolved against it, as `tidings import` does. */
  readonly cwd: string;
  /** Files or folders to import. */
  readonly paths: readonly string[];
}

/** `tidings import` of some paths, with the preview's config: unchanged files are skipped by hash, exactly as the command does. */
export function importContent(input: ContentImport): Promise<ImportReport> {
  return runImport(input.paths, defaultImportDeps({ ...input.app, config: input.config }, input.cwd));
}
