import type { Config } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import { loadAppConfig } from './config.js';
import type { Store } from '../store/store.js';
import { openStore, parseStoreLocation, storeLocation, type StoreLocation } from '../store/open.js';
import { readEnvironment, type AppEnvironment } from './environment.js';

/**
 * What the composition root (src/app/) built for one command: the config
 * and the store it names (chosen by URL scheme: store/open.ts), the clock,
 * and what the environment says beyond the config. Everything else a
 * command needs is built from it by the other files here: the transport
 * (transport.ts), the templates (templates.ts), the sending check and the
 * sender (sending-check.ts, sending.ts), the import's stages
 * (import-deps.ts). Nothing outside src/app/ (and the config loader)
 * reads the environment, opens a store or makes a transport
 * (test/architecture.test.ts holds that).
 */
export interface App {
  config: Config;
  /** The config file read, or null when running on defaults. */
  configFile: string | null;
  /** Folder relative paths are resolved against (the config file's folder). */
  rootDir: string;
  store: Store;
  /** Where the store is (SQLite file or PostgreSQL database). */
  storeLocation: StoreLocation;
  now: () => Date;
  /** What the environment says beyond the config (environment.ts). */
  environment: AppEnvironment;
  /** Reads the config again, the same way (same folder, file and environment): the preview does when it changes. */
  reloadConfig(): Promise<LoadedConfig>;
  close(): Promise<void>;
}

export interface AppOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configFile?: string;
  now?: () => Date;
}

export async function openApp(opts: AppOptions): Promise<App> {
  const reloadConfig = (): Promise<LoadedConfig> => loadAppConfig(opts);
  const loaded = await reloadConfig();
  const location = storeLocation(loaded.config.store, loaded.rootDir);
  const store = await openStore(location);
  return {
    storeLocation: location,
    config: loaded.config,
    configFile: loaded.file,
    rootDir: loaded.rootDir,
    store,
    now: opts.now ?? (() => new Date()),
    environment: readEnvironment(opts.env),
    reloadConfig,
    close: () => store.close(),
  };
}

/**
 * A store other than the config's, by URL or path (postgres://…,
 * sqlite:PATH, a plain path relative to `rootDir`): for a command that
 * works on two stores at once (`tidings migrate --from sqlite:PATH`).
 * The caller closes it.
 */
export function openStoreAt(value: string, rootDir: string): Promise<{ store: Store; location: StoreLocation }> {
  const location = parseStoreLocation(value, rootDir);
  return openStore(location).then((store) => ({ store, location }));
}
