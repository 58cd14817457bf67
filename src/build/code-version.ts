import { readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The folder of tidings' own code as it runs: src/ from the sources, dist/ when compiled (this file sits in its build/). */
const CODE_DIR = path.resolve(import.meta.dirname, '..');
/** The package's folder, where package.json and node_modules are. */
const PACKAGE_DIR = path.dirname(CODE_DIR);

let memo: string | undefined;

/** A file that runs: compiled JavaScript or a TypeScript source (not a declaration). */
const MODULE = /(?<!\.d)\.(?:js|mjs|ts|mts)$/;

/**
 * A fingerprint of the code that renders: the name, size and mtime of
 * every module of tidings' code (the .ts files of src/ or the .js files of
 * dist/; source maps and declarations run nothing, and skipping them halves
 * the stats) and of the installed dependencies' lock
 * (node_modules/.package-lock.json, which npm rewrites at every install). A
 * new version, a rebuilt dist/ or an upgraded dependency changes it, so that
 * a build renders every output again; its cost is one stat per module (a
 * few hundred), once per process.
 */
export function codeVersion(): string {
  memo ??= codeFingerprint(CODE_DIR, PACKAGE_DIR);
  return memo;
}

/** codeVersion of the code in `codeDir`, with the package.json and lock of `packageDir`. */
export function codeFingerprint(codeDir: string, packageDir: string): string {
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && MODULE.test(entry.name)) stamp(full);
    }
  };
  const stamp = (file: string): void => {
    try {
      const info = statSync(file, { bigint: true });
      hash.update(`${path.relative(packageDir, file)}\0${info.size}\0${info.mtimeNs}\n`);
    } catch {
      hash.update(`${path.relative(packageDir, file)}\0-\n`);
    }
  };
  visit(codeDir);
  stamp(path.join(packageDir, 'package.json'));
  stamp(path.join(packageDir, 'node_modules', '.package-lock.json'));
  return hash.digest('hex');
}
