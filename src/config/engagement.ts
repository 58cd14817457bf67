import { InputError } from '../errors.js';
import { diagnostic } from '../model/diagnostic.js';
import type { Config } from './schema.js';

/**
 * Counting clicks signs every link to a post with the site's secret, so
 * engagement.clicks without subscriptions.secret (or TIDINGS_SECRET) is a
 * config problem, found once the environment is applied. Throws InputError
 * at the line of engagement.clicks.
 */
export async function checkEngagement(config: Config, text: string | null, file: string): Promise<void> {
  if (!config.engagement.clicks) return;
  const secret = config.subscriptions.secret;
  if (secret !== undefined && secret !== '') return;
  throw new InputError(`the config file ${file} has 1 problem`, [
    diagnostic(
      file,
      await lineOf(text, ['engagement', 'clicks']),
      'engagement.clicks: counting clicks signs the links to posts, and no secret is set',
      'set subscriptions.secret or the environment variable TIDINGS_SECRET to 32 or more random characters, or turn engagement.clicks off',
    ),
  ]);
}

/** yaml loaded here, on the way to an error only. */
async function lineOf(text: string | null, path: readonly string[]): Promise<number> {
  if (text === null) return 0;
  const { LineCounter, parseDocument, isNode } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 0;
}
