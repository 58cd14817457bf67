import path from 'node:path';
import type { Config } from './config/schema.js';
import { loadConfig } from './config/load.js';
import type { Store } from './store/store.js';
import { openSqliteStore } from './store/sqlite/index.js';

/**
 * The one wiring point: reads the config and constructs the store. Every
 * command receives what it needs from here; nothing else reads config or
 * opens databases.
 */
export interface App {
  config: Config;
  /** The config file read, or null when running on defaults. */
  configFile: string | null;
  /** Folder relative paths are resolved against (the config file's folder). */
  rootDir: string;
  store: Store;
  now: () => Date;
  close(): Promise<void>;
}

export interface AppOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  now?: () => Date;
}

export async function openApp(opts: AppOptions): Promise<App> {
  const loaded = await loadConfig({ cwd: opts.cwd, env: opts.env, ...(opts.configFile ? { file: opts.configFile } : {}) });
  const storePath = loaded.config.store.path === ':memory:' ? ':memory:' : path.resolve(loaded.rootDir, loaded.config.store.path);
  const store = await openSqliteStore(storePath);
  return {
    config: loaded.config,
    configFile: loaded.file,
    rootDir: loaded.rootDir,
    store,
    now: opts.now ?? (() => new Date()),
    close: () => store.close(),
  };
}
