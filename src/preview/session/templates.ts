import { siteTemplates } from '../../app/templates.js';
import type { Config } from '../../config/schema.js';
import type { Issue } from '../../digest/model.js';
import { probeTemplates } from '../../digest/render/probe.js';
import { renderIssue } from '../../digest/render/render.js';
import type { DigestTemplates } from '../../digest/templates/compile.js';
import type { Problem } from './problems.js';
import { fromError } from './problems.js';

export type TemplatesResult = { readonly templates: DigestTemplates; readonly problems: readonly Problem[] } | { readonly templates: null; readonly problems: readonly Problem[] };

/**
 * Reads and compiles the roundup templates, then renders `probe` (the
 * newest issue) once, so that an MJML problem, which only shows when
 * rendering, is reported at once with its file and line too.
 */
export async function loadSiteTemplates(config: Config, rootDir: string, probe: Issue | undefined): Promise<TemplatesResult> {
  let templates: DigestTemplates;
  try {
    templates = await siteTemplates(config, rootDir);
  } catch (error) {
    return { templates: null, problems: fromError(error, 'templates', rootDir) };
  }
  try {
    // The made-up issue `tidings build` renders first (every part of the templates), then the newest issue.
    probeTemplates(config, { templates });
    if (probe !== undefined) renderIssue(probe, { config, templates });
  } catch (error) {
    return { templates: null, problems: fromError(error, 'templates', rootDir) };
  }
  return { templates, problems: [] };
}
