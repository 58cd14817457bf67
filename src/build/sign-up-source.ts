import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { BUILT_IN_TEMPLATES_DIR } from '../digest/templates/files.js';
import { InputError } from '../errors.js';

/** The template of the sign-up link, below a templates folder. */
export const SIGN_UP_TEMPLATE = 'pages/sign-up.html.hbs';

/** Whether the built pages link to the subscription page: `auto` when a secret is set, the one thing `tidings serve` needs to serve it. */
export function signUpWanted(config: Config): boolean {
  const setting = config.subscriptions.signUpLink;
  return setting === 'always' || (setting === 'auto' && config.subscriptions.secret !== undefined);
}

/** Where the sign-up template was found, and its text. */
export interface SignUpSource {
  readonly file: string;
  readonly source: string;
}

/**
 * The sign-up template's file and text, when the pages are to link to the
 * subscription page: the user's `<digest.templatesDir>/pages/sign-up.html.hbs`
 * when there is one (relative to `rootDir`), else the built-in one. Read,
 * not compiled: what a build's key holds of it (output-keys.ts).
 */
export async function readSignUp(config: Config, rootDir: string | undefined, builtInDir: string = BUILT_IN_TEMPLATES_DIR): Promise<SignUpSource | undefined> {
  if (!signUpWanted(config)) return undefined;
  const candidates = [...(rootDir === undefined ? [] : [path.resolve(rootDir, config.digest.templatesDir, SIGN_UP_TEMPLATE)]), path.join(builtInDir, SIGN_UP_TEMPLATE)];
  for (const file of candidates) {
    try {
      return { file, source: (await readFile(file, 'utf8')).replace(/^\uFEFF/, '') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new InputError(`no ${SIGN_UP_TEMPLATE} in ${candidates.join(' or ')}`);
}
