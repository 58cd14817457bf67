import { watch, type FSWatcher, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileEvent } from './roots.js';

export interface FolderWatch {
  close(): void;
}

export interface FolderWatchOptions {
  /** Folders (or files) to watch; one that does not exist yet is watched for from its nearest folder that does. */
  readonly targets: readonly string[];
  /** Whether a path matters: only folders it accepts are entered, only files it accepts reported. */
  readonly relevant: (file: string) => boolean;
  readonly onEvent: (event: FileEvent, file: string) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * Watches folders with the operating system's own notices (fs.watch on
 * each folder: inotify, FSEvents, ReadDirectoryChangesW), one watch a
 * folder, and reports each file added, changed or removed. A notice names
 * one entry of a folder, and that entry alone is looked at (one stat): a
 * save in a folder of 10,000 posts costs what a save in a folder of ten
 * does. chokidar, used before, read the whole folder again and stat'ed
 * every entry of it at each notice, about 0.9 s of CPU a save in a folder
 * of 10,000 files, spent while the preview was building
 * (docs/benchmarks.md).
 *
 * Returned once the folders are listed and watched, so that a change made
 * right after is never missed. A folder that appears (made, or moved in)
 * is listed and watched, and its files are reported added; one that goes
 * (removed, or moved out) reports every file it held removed. Symbolic
 * links to folders are followed, each real folder watched once.
 */
export function watchFolders(options: FolderWatchOptions): FolderWatch {
  const { relevant, onEvent, onError } = options;
  /** Each watched folder: its watcher, and the names of the relevant entries it holds (true: a folder). */
  const folders = new Map<string, { watcher: FSWatcher; entries: Map<string, boolean>; real: string }>();
  const reals = new Set<string>();
  let closed = false;

  const enter = (dir: string, report: boolean): void => {
    if (closed || folders.has(dir)) return;
    let real: string;
    let names;
    try {
      real = realpathSync(dir);
      if (reals.has(real)) return; // a link back into a folder already watched
      names = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (!gone(error)) onError(error);
      return;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true }, (_event, name) => noticed(dir, name === null ? null : String(name)));
    } catch (error) {
      if (!gone(error)) onError(error);
      return;
    }
    // A folder removed while watched: some systems say so by an error; its parent's notice reports its files.
    watcher.on('error', (error) => {
      if (!gone(error) && !closed) onError(error);
      leave(dir, false);
    });
    const entries = new Map<string, boolean>();
    folders.set(dir, { watcher, entries, real });
    reals.add(real);
    for (const entry of names) {
      const full = path.join(dir, entry.name);
      if (!relevant(full)) continue;
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(full));
      entries.set(entry.name, isDir);
      if (isDir) enter(full, report);
      else if (report) onEvent('add', full);
    }
  };

  /** Stops watching a folder and those below it; with `report`, each file they held is reported removed. */
  const leave = (dir: string, report: boolean): void => {
    const folder = folders.get(dir);
    if (folder === undefined) return;
    folders.delete(dir);
    reals.delete(folder.real);
    folder.watcher.close();
    for (const [name, isDir] of folder.entries) {
      const full = path.join(dir, name);
      if (isDir) leave(full, report);
      else if (report) onEvent('unlink', full);
    }
  };

  /** A notice about one entry of a watched folder (or about the folder as a whole: then it is listed again). */
  const noticed = (dir: string, name: string | null): void => {
    const folder = folders.get(dir);
    if (closed || folder === undefined) return;
    if (name === null) {
      relist(dir);
      return;
    }
    const full = path.join(dir, name);
    if (!relevant(full)) return;
    const known = folder.entries.get(name);
    let info;
    try {
      info = statSync(full, { throwIfNoEntry: false });
    } catch {
      info = undefined; // unreadable now: as if gone, until a notice finds it again
    }
    if (info === undefined) {
      if (known === undefined) return; // made and removed between two notices
      folder.entries.delete(name);
      if (known) leave(full, true);
      else onEvent('unlink', full);
    } else if (info.isDirectory()) {
      if (known === false) onEvent('unlink', full);
      folder.entries.set(name, true);
      enter(full, true);
    } else {
      if (known === true) leave(full, true);
      folder.entries.set(name, false);
      onEvent(known === false ? 'change' : 'add', full);
    }
  };

  /** The folder listed again (a notice without a name): each entry found or missing is handled as its own notice. */
  const relist = (dir: string): void => {
    const folder = folders.get(dir);
    if (folder === undefined) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if (!gone(error)) onError(error);
      return;
    }
    for (const name of new Set([...folder.entries.keys(), ...names])) noticed(dir, name);
  };

  for (const target of options.targets) enter(nearestFolder(target), false);
  return {
    close() {
      closed = true;
      for (const dir of [...folders.keys()]) leave(dir, false);
    },
  };
}

/** The folder to watch for `target`: itself when it is one, else the nearest folder above it that exists. */
function nearestFolder(target: string): string {
  let dir = path.resolve(target);
  if (!isFolder(dir)) dir = path.dirname(dir);
  while (!isFolder(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function isFolder(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/** An error that means the path is no longer there (or never was): not worth reporting. */
function gone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || (code === 'EPERM' && process.platform === 'win32');
}
