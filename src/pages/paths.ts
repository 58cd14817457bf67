/**
 * Where pages go in the output folder. Folders end in '/' and hold an
 * index.html; paths use forward slashes and never climb out of the folder.
 */

/** Folder of a theme's page. */
export function themePagePath(slug: string): string {
  return `themes/${slug}/`;
}

/**
 * A relative link from the page in folder `fromDir` to `to` (a folder
 * ending in '/' or a file), so that pages work under any host and port.
 */
export function relativeHref(fromDir: string, to: string): string {
  const from = fromDir.split('/').filter((s) => s !== '');
  const target = to.split('/');
  const file = target.pop() ?? '';
  const dirs = target.filter((s) => s !== '');
  let common = 0;
  while (common < from.length && common < dirs.length && from[common] === dirs[common]) common++;
  const up = '../'.repeat(from.length - common);
  const down = dirs.slice(common).map((s) => `${encodeURIComponent(s)}/`).join('');
  const href = `${up}${down}${encodeURIComponent(file)}`;
  return href === '' ? './' : href;
}
