import { createRequire } from 'node:module';

/**
 * What else decides a rendering besides its inputs: the versions of the
 * libraries that turn templates into email, and a number bumped whenever
 * tidings changes what it renders. Part of every placeholder nonce, so a
 * build can tell an issue's email files are current from its email.mjml.
 */
const RENDER_FORMAT = 2;

const require = createRequire(import.meta.url);

function version(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

export const ENGINE = [`tidings-render/${RENDER_FORMAT}`, ...['mjml', 'handlebars', 'html-to-text', 'nodemailer'].map((p) => `${p}@${version(p)}`)].join(' ');
