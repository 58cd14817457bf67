import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** One template: its name (path below a templates folder, forward slashes), where it was read from and its text. */
export interface TemplateFile {
  /** e.g. `email/section.mjml.hbs`, `themes/dusk/theme.mjml.hbs`. */
  readonly name: string;
  /** Absolute path of the file it was read from (what error messages name). */
  readonly file: string;
  readonly source: string;
  /** True for a file of tidings' own templates folder, false (or absent) for one of the user's: only theirs are held to the no-`{{{ }}}` rule. */
  readonly builtIn?: boolean;
}

/** The templates one roundup is rendered with: the layout and its partials (by partial name), for one visual theme. */
export interface TemplateSet {
  readonly visualTheme: string;
  readonly layout: TemplateFile;
  /** `section`, `post-card`, `footer`, `theme`, and any other partial a templates folder adds. */
  readonly partials: ReadonlyMap<string, TemplateFile>;
}

/** The package's own templates/ folder, found from this module's location (never the working directory). */
export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Extension of every email template. */
export const TEMPLATE_EXT = '.mjml.hbs';

/** sha256 of every template's name and text, the layout first: changes when any template does (DigestTemplates.fingerprint). */
export function templatesFingerprint(set: TemplateSet): string {
  const hash = createHash('sha256');
  for (const file of [set.layout, ...set.partials.values()]) hash.update(`${file.name}\0${file.source}\0`);
  return hash.digest('hex');
}
