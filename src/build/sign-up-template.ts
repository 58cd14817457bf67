import Handlebars from 'handlebars';
import type { Config } from '../config/schema.js';
import { BUILT_IN_TEMPLATES_DIR } from '../digest/templates/files.js';
import { InputError } from '../errors.js';
import { diagnostic } from '../model/diagnostic.js';
import type { SignUp } from '../pages/index.js';
import { SIGN_UP_PLACES } from '../pages/index.js';
import { escapeHtml } from '../text/html-escape.js';
import { readSignUp } from './sign-up-source.js';

/** The compiled sign-up template and its source (what the pages' keys hold of it: output-keys.ts). */
export interface LoadedSignUp {
  readonly signUp: SignUp;
  readonly source: string;
}

/**
 * The compiled sign-up template (readSignUp finds it). A template that does
 * not compile or run is bad input naming its file and line, found before
 * anything is written.
 */
export async function loadSignUp(config: Config, rootDir: string | undefined, builtInDir: string = BUILT_IN_TEMPLATES_DIR): Promise<LoadedSignUp | undefined> {
  const found = await readSignUp(config, rootDir, builtInDir);
  return found && { signUp: compileSignUp(found.file, found.source), source: found.source };
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
