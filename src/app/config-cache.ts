import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { codeVersion } from '../build/code-version.js';
import { digest } from '../build/output-keys.js';
import type { ParsedConfigs } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { writeFileAtomic } from '../files/atomic-write.js';

/**
 * The last config that validated, kept in the site's `.tidings/` folder
 * (where the default store lives; made for it only when the config's
 * SQLite store is in it, as the store would make it anyway) with the key of its text, its file and the code's
 * version. A command whose config text is the one kept skips the YAML
 * parser and the schema (zod and the checkers it loads: about 0.2 s a
 * command). Any other text, another version of tidings, an unreadable or
 * malformed file, is a miss: the text is parsed and validated as always,
 * and kept when it passes. A config that fails is never kept.
 */
export const CONFIG_CACHE = 'config-cache.json';

const FORMAT = 1;

function keyOf(text: string, file: string): string {
  return digest(['config', String(FORMAT), codeVersion(), file, text]);
}

function cacheFile(rootDir: string): string {
  return path.join(rootDir, '.tidings', CONFIG_CACHE);
}

/** The config's store is a SQLite file in `dir` (the default): opening it makes the folder anyway. */
function storedThere(config: Config, dir: string): boolean {
  return config.store.url === undefined && path.dirname(path.resolve(path.dirname(dir), config.store.path)) === dir;
}

export const keptConfigs: ParsedConfigs = {
  async get(text, file, rootDir) {
    let kept: unknown;
    try {
      kept = JSON.parse(await readFile(cacheFile(rootDir), 'utf8'));
    } catch {
      return undefined;
    }
    if (kept === null || typeof kept !== 'object') return undefined;
    const { key, config } = kept as { key?: unknown; config?: unknown };
    if (key !== keyOf(text, file) || config === null || typeof config !== 'object') return undefined;
    return config as Config; // Written by put below from a config the schema passed, under this very key.
  },
  async put(text, file, rootDir, config) {
    const dir = path.dirname(cacheFile(rootDir));
    if (!existsSync(dir) && !storedThere(config, dir)) return;
    try {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(cacheFile(rootDir), JSON.stringify({ key: keyOf(text, file), config }));
    } catch {
      // Parsed again next time: slower, never wrong.
    }
  },
};
