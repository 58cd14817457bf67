import { readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The folder of tidings' own code as it runs: src/ from the sources, dist/ when compiled (this file sits in its build/). */
const CODE_DIR = path.resolve(import.meta.dirname, '..');
/** The package's folder, where package.json and node_modules are. */
const PACKAGE_DIR = path.dirname(CODE_DIR);

let memo: string | undefined;

/**
 * A fingerprint of the code that renders: the name, size and mtime of
 * every file of tidings' code (src/ or dist/) and of the installed
 * dependencies' lock (node_modules/.package-lock.json, which npm rewrites
 * at every install). A new version, a rebuilt dist/ or an upgraded
 * dependency changes it, so that a build renders every output again; its
 * cost is one stat per file (a few hundred), once per process.
 */
export function codeVersion(): string {
  if (memo !== undefined) return memo;
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) stamp(full);
    }
  };
  const stamp = (file: string): void => {
    try {
      const info = statSync(file, { bigint: true });
      hash.update(`${path.relative(PACKAGE_DIR, file)}\0${info.size}\0${info.mtimeNs}\n`);
    } catch {
      hash.update(`${path.relative(PACKAGE_DIR, file)}\0-\n`);
    }
  };
  visit(CODE_DIR);
  stamp(path.join(PACKAGE_DIR, 'package.json'));
  stamp(path.join(PACKAGE_DIR, 'node_modules', '.package-lock.json'));
  memo = hash.digest('hex');
  return memo;
}
