import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * A request path to a file below the served folder, or why not: a path
 * that climbs out (even percent-encoded, or through a symbolic link) is
 * refused, hidden files (temporary files of a build in progress, dot
 * folders) do not exist, and a folder means its index.html.
 */
export type Resolved =
  | { kind: 'file'; file: string }
  | { kind: 'missing' }
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; status: number; reason: string };

export async function resolveFile(rootDir: string, pathname: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'Bad request: the path is not valid percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400, reason: 'Bad request' };
  const segments = decoded.split('/');
  if (segments.includes('..')) return { kind: 'refused', status: 403, reason: 'Forbidden' };
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  let file = path.resolve(rootDir, `.${decoded}`);
  if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return { kind: 'refused', status: 403, reason: 'Forbidden' };

  let info = await statOrUndefined(file);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) return { kind: 'redirect', location: `${pathname}/` };
    file = path.join(file, 'index.html');
    info = await statOrUndefined(file);
  }
  if (!info?.isFile()) return { kind: 'missing' };
  // A symbolic link must not lead out of the folder either.
  const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(file)]);
  if (!realFile.startsWith(realRoot + path.sep)) return { kind: 'refused', status: 403, reason: 'Forbidden' };
  return { kind: 'file', file };
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}
