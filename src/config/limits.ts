/**
 * The config's limits and patterns that the loader checks the environment
 * with as well as the schema: here, apart from the schema, so that loading
 * a config the cache vouches for (app/config-cache.ts) loads no validator.
 */

/** Shortest subscriptions.secret (or TIDINGS_SECRET) accepted. */
export const MIN_SECRET_LENGTH = 32;

/** An SMTP relay URL, as smtp.url and TIDINGS_SMTP_URL take it. */
export const SMTP_URL = /^smtps?:\/\/[^/?#\s]+/;
export const SMTP_URL_HINT = 'an SMTP URL such as "smtp://user:pass@mail.example.org:587" or "smtps://…:465"';

/** Shortest path secret accepted: the URL is the first lock on every provider's door. */
export const MIN_WEBHOOK_SECRET_LENGTH = 24;
