import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { TidingsError } from '../errors.js';

/**
 * The secret that signs subscription links, or a clear refusal: without one
 * the subscription endpoints do not start (the `subscribers` commands that
 * do not sign links work without it).
 */
export function requireSecret(config: Config): string {
  const secret = config.subscriptions.secret;
  if (secret !== undefined && secret !== '') return secret;
  throw new TidingsError(
    'the subscription endpoints need a secret to sign the links in emails: set subscriptions.secret in the config ' +
      `or the environment variable TIDINGS_SECRET to 32 or more random characters, such as ${randomBytes(24).toString('base64url')} ` +
      '(keep it: changing it breaks every link already sent)',
  );
}
