import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Config } from '../config/schema.js';
import { BUILT_IN_TEMPLATES_DIR } from '../digest/templates/files.js';
import { InputError } from '../errors.js';
import { diagnostic } from '../model/diagnostic.js';
import type { SignUp } from '../pages/index.js';
import { SIGN_UP_PLACES } from '../pages/index.js';
import { escapeHtml } from '../text/html-escape.js';

/** The template of the sign-up link, below a templates folder. */
export const SIGN_UP_TEMPLATE = 'pages/sign-up.html.hbs';

/** The compiled sign-up template and its source (what the pages' keys hold of it: output-keys.ts). */
export interface LoadedSignUp {
  readonly signUp: SignUp;
  readonly source: string;
}

/** Whether the built pages link to the subscription page: `auto` when a secret is set, the one thing `tidings serve` needs to serve it. */
export function signUpWanted(config: Config): boolean {
  const setting = config.subscriptions.signUpLink;
  return setting === 'always' || (setting === 'auto' && config.subscriptions.secret !== undefined);
}

/**
 * The compiled sign-up template, when the pages are to link to the
 * subscription page: the user's `<digest.templatesDir>/pages/sign-up.html.hbs`
 * when there is one (relative to `rootDir`), else the built-in one. A
 * template that does not compile or run is bad input naming its file and
 * line, found before anything is written.
 */
export async function loadSignUp(config: Config, rootDir: string | undefined, builtInDir: string = BUILT_IN_TEMPLATES_DIR): Promise<LoadedSignUp | undefined> {
  if (!signUpWanted(config)) return undefined;
  const candidates = [...(rootDir === undefined ? [] : [path.resolve(rootDir, config.digest.templatesDir, SIGN_UP_TEMPLATE)]), path.join(builtInDir, SIGN_UP_TEMPLATE)];
  for (const file of candidates) {
    let source: string;
    try {
      source = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return { signUp: compileSignUp(file, source), source };
  }
  throw new InputError(`no ${SIGN_UP_TEMPLATE} in ${candidates.join(' or ')}`);
}

/** Compiles and tries the template once per place, so that an error shows now, with its line. */
export function compileSignUp(file: string, source: string): SignUp {
  const fail = (error: unknown): never => {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    // "Parse error on line 3:", or "if doesn't match iff - 1:3" (the line and column of the block's start).
    const own = (error as { lineNumber?: unknown } | undefined)?.lineNumber;
    const m = /on line (\d+)|- (\d+):\d+$/.exec(message);
    const line = typeof own === 'number' ? own : Number(m?.[1] ?? m?.[2] ?? 0);
    throw new InputError('the sign-up template cannot be used:', [
      diagnostic(file, line, `Handlebars: ${message.replace(/:$/, '')}`, 'fix the template, or delete it to use the built-in one'),
    ]);
  };
  const hb = Handlebars.create();
  let template: HandlebarsTemplateDelegate;
  try {
    template = hb.compile(source);
  } catch (error) {
    return fail(error);
  }
  // The address escaped our way (Handlebars would write `=` as `&#x3D;`); everything else Handlebars escapes.
  const signUp: SignUp = (place, view) =>
    template({ ...view, url: new hb.SafeString(escapeHtml(view.url)), place, ...Object.fromEntries(SIGN_UP_PLACES.map((p) => [p, p === place])) });
  const sample = { url: 'https://example.org/subscribe?theme=t', site: { title: 'Site' }, theme: { slug: 't', name: 'Theme', description: '' } };
  try {
    for (const place of SIGN_UP_PLACES) {
      signUp(place, sample);
      signUp(place, { ...sample, theme: null });
    }
  } catch (error) {
    return fail(error);
  }
  return signUp;
}
