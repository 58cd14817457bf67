import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from '../model/diagnostic.js';
import { configSchema, MIN_SECRET_LENGTH, SMTP_URL, SMTP_URL_HINT, type Config } from './schema.js';
import { allowedKeys } from './keys.js';
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
 * Finds and loads the config: an explicit path, else tidings.config.yaml in
 * `cwd`; no file means all defaults. Environment overrides are applied after
 * validation (see applyEnv).
 */
export async function loadConfig(opts: { cwd: string; env: NodeJS.ProcessEnv; file?: string }): Promise<LoadedConfig> {
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
  const config = text === null ? parseConfig('', '(defaults)') : parseConfig(text, file);
  const rootDir = text === null ? opts.cwd : path.dirname(file);
  const withEnv = applyEnv(config, opts.env);
  checkEngagement(withEnv, text, text === null ? '(defaults)' : file);
  return { config: withEnv, file: text === null ? null : file, rootDir };
}

/** Parses and validates config text (pure). Throws InputError with one diagnostic per problem. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const diags = doc.errors.map((e) =>
      diagnostic(file, lineCounter.linePos(e.pos[0]).line, `YAML syntax: ${e.message.split('\n')[0]}`, 'fix the YAML at that line'),
    );
    throw new InputError(`the config file ${file} is not valid YAML`, diags);
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lineOf = (p: readonly PropertyKey[]): number => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 0;
  };
  const diags: Diagnostic[] = result.error.issues.map((issue) => describeIssue(issue, file, lineOf));
  throw new InputError(`the config file ${file} has ${diags.length} problem${diags.length === 1 ? '' : 's'}`, diags);
}

function describeIssue(issue: z.core.$ZodIssue, file: string, lineOf: (p: readonly PropertyKey[]) => number): Diagnostic {
  const key = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issue.path);
    const where = issue.path.length ? `in ${key}` : 'at the top level';
    return diagnostic(
      file,
      lineOf([...issue.path, issue.keys[0] ?? '']),
      `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} ${where}`,
      `allowed: ${allowed.join(', ')}`,
    );
  }
  const msg = issue.message.replace(/^Invalid input: /, '');
  return diagnostic(file, lineOf(issue.path), `${key || '(top level)'}: ${msg}`, 'see docs/configuration.md');
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
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
