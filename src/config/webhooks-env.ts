import { InputError } from '../errors.js';
import type { Config } from './schema.js';
import { MIN_WEBHOOK_SECRET_LENGTH } from './limits.js';

/**
 * The webhooks' secrets from the environment, over the file's: the path
 * secret (TIDINGS_WEBHOOK_SECRET), Postmark's basic-auth password
 * (TIDINGS_POSTMARK_WEBHOOK_PASSWORD), Mailgun's signing key
 * (TIDINGS_MAILGUN_SIGNING_KEY) and SendGrid's verification key
 * (TIDINGS_SENDGRID_WEBHOOK_KEY). A key only fills a provider's section
 * that the config has: the environment never turns a provider on. An empty
 * variable counts as unset.
 */
export function applyWebhookEnv(config: Config, env: NodeJS.ProcessEnv): Config {
  const get = (name: string): string | undefined => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const hooks = { ...config.inbound.webhooks };
  const secret = get('TIDINGS_WEBHOOK_SECRET');
  if (secret !== undefined) {
    if (secret.length < MIN_WEBHOOK_SECRET_LENGTH || !/^[A-Za-z0-9_-]+$/.test(secret)) {
      throw new InputError(`TIDINGS_WEBHOOK_SECRET must be at least ${MIN_WEBHOOK_SECRET_LENGTH} letters, digits, - or _ (it is part of a URL)`);
    }
    hooks.secret = secret;
  }
  const password = get('TIDINGS_POSTMARK_WEBHOOK_PASSWORD');
  if (password !== undefined && hooks.postmark) hooks.postmark = { ...hooks.postmark, password };
  const signingKey = get('TIDINGS_MAILGUN_SIGNING_KEY');
  if (signingKey !== undefined && hooks.mailgun) hooks.mailgun = { ...hooks.mailgun, signingKey };
  const publicKey = get('TIDINGS_SENDGRID_WEBHOOK_KEY');
  if (publicKey !== undefined && hooks.sendgrid) hooks.sendgrid = { ...hooks.sendgrid, publicKey };
  return { ...config, inbound: { ...config.inbound, webhooks: hooks } };
}
