import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Config } from './schema.js';
import { MIN_SECRET_LENGTH, SMTP_URL, SMTP_URL_HINT } from './limits.js';
import { applyWebhookEnv } from './webhooks-env.js';
import { checkEngagement } from './engagement.js';
import { smtpUrlProblem } from '../mail/smtp/endpoint.js';

export const CONFIG_FILE = 'tidings.config.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when there is none and every default applies. */
  file: string | null;
  /** Folder that relative paths in the config are resolved against. */
  rootDir: string;
}

/**
 * Configs already validated, by their text: a hit is the config that text
 * gave (before the environment's overrides), and neither the YAML parser
 * nor the schema is loaded. The app's is app/config-cache.ts.
 */
export interface ParsedConfigs {
  get(text: string, file: string, rootDir: string): Promise<Config | undefined>;
  /** Called after a text validated (never with one that failed). */
  put(text: string, file: string, rootDir: string, config: Config): Promise<void>;
}

/**
 * Finds and loads the config: an explicit path, else tidings.config.yaml in
 * `cwd`; no file means all defaults. Environment overrides are applied after
 * validation (see applyEnv).
 */
export async function loadConfig(opts: { cwd: string; env: NodeJS.ProcessEnv; file?: string; parsed?: ParsedConfigs }): Promise<LoadedConfig> {
  const file = path.resolve(opts.cwd, opts.file ?? CONFIG_FILE);
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || opts.file !== undefined) {
      throw new InputError(`cannot read the config file ${file}: ${(err as Error).message}`);
    }
  }
  const rootDir = text === null ? opts.cwd : path.dirname(file);
  const source = text ?? '';
  const named = text === null ? '(defaults)' : file;
  let config = await opts.parsed?.get(source, named, rootDir);
  if (config === undefined) {
    // The YAML parser and the schema (zod, and the checkers it calls) only when the text is new.
    const { parseConfig } = await import('./parse.js');
    config = parseConfig(source, named);
    await opts.parsed?.put(source, named, rootDir, config);
  }
  const withEnv = applyEnv(config, opts.env);
  await checkEngagement(withEnv, text, named);
  return { config: withEnv, file: text === null ? null : file, rootDir };
}

/**
 * Environment overrides, applied after validation: TIDINGS_STORE_URL (a
 * postgres:// or sqlite: URL for store.url, or a file path for store.path), TIDINGS_SMTP_URL (smtp.url) and TIDINGS_SECRET
 * (subscriptions.secret). An empty variable counts as unset.
 */
function applyEnv(config: Config, env: NodeJS.ProcessEnv): Config {
  let result = config;
  const storeUrl = env.TIDINGS_STORE_URL;
  if (storeUrl !== undefined && storeUrl !== '') {
    if (/^(postgres|postgresql|sqlite):/.test(storeUrl)) {
      result = { ...result, store: { ...result.store, url: storeUrl } };
    } else {
      const storePath = storeUrl.startsWith('file:') ? new URL(storeUrl).pathname : storeUrl;
      const { url: _replaced, ...sqlite } = result.store;
      result = { ...result, store: { ...sqlite, path: storePath } };
    }
  }
  const smtpUrl = env.TIDINGS_SMTP_URL;
  if (smtpUrl !== undefined && smtpUrl !== '') {
    if (!SMTP_URL.test(smtpUrl)) throw new InputError(`TIDINGS_SMTP_URL is not ${SMTP_URL_HINT}`);
    const problem = smtpUrlProblem(smtpUrl);
    if (problem !== null) throw new InputError(`TIDINGS_SMTP_URL: ${problem}`);
    result = { ...result, smtp: { ...result.smtp, url: smtpUrl } };
  }
  const secret = env.TIDINGS_SECRET;
  if (secret !== undefined && secret !== '') {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new InputError(`TIDINGS_SECRET is too short: use at least ${MIN_SECRET_LENGTH} characters of random text`);
    }
    result = { ...result, subscriptions: { ...result.subscriptions, secret } };
  }
  return applyWebhookEnv(result, env);
}
