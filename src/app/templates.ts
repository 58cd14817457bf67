import type { Config } from '../config/schema.js';
import { compileTemplates, type DigestTemplates } from '../digest/templates/compile.js';
import { loadTemplates } from '../build/load-templates.js';

/**
 * The roundup templates a config names (digest.templatesDir relative to
 * `rootDir`, the built-in ones otherwise), read and compiled: what build,
 * send, the scheduler and the preview render with. Read again at each
 * call, so a long-running scheduler picks up edited templates. A broken
 * template is a TemplateError with its file and line.
 */
export async function siteTemplates(config: Config, rootDir: string): Promise<DigestTemplates> {
  return compileTemplates(await loadTemplates({ config, rootDir }));
}
