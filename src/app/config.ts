import { loadConfig, type LoadedConfig } from '../config/load.js';
import { keptConfigs } from './config-cache.js';

/**
 * The config a command runs with: the file (--config, or
 * tidings.config.yaml in `cwd`) with the environment's overrides
 * (config/load.ts), the last one validated kept (config-cache.ts). Its own file, without the store, so that `tidings new`
 * reads the config without loading a database driver.
 */
export function loadAppConfig(opts: { cwd: string; env: NodeJS.ProcessEnv; configFile?: string }): Promise<LoadedConfig> {
  return loadConfig({ cwd: opts.cwd, env: opts.env, parsed: keptConfigs, ...(opts.configFile ? { file: opts.configFile } : {}) });
}
