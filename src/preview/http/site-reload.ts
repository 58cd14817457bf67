import { createHash } from 'node:crypto';

/** The header a page of the built site carries in the preview: its bytes' hash, which the page compares after a build. */
export const PAGE_HASH_HEADER = 'x-tidings-page';

/** The hash a page of the built site is known by (sha256, base64url). Pure. */
export function pageHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * A page of the built site with the preview's live reload: a small script
 * that, in a window of its own (a frame is reloaded by the page around it),
 * listens to /events and, after every build, asks for its own address
 * again (HEAD) and reloads when the page's bytes changed or it is gone
 * (else it counts the build in its `data-checked`, which tests wait for).
 * Only what the preview serves changes: the file in the output folder is
 * left as the build wrote it. Pure.
 */
export function withLiveReload(html: string, hash: string): string {
  const script =
    '<script data-tidings-preview>(() => {' +
    'if (window.top !== window) return;' +
    'const me = document.currentScript;' +
    'let checks = 0;' +
    `const mine = ${JSON.stringify(hash)};` +
    "const events = new EventSource('/events');" +
    "events.addEventListener('built', () => {" +
    "fetch(location.href, { method: 'HEAD', cache: 'no-store' })" +
    `.then((res) => { if (res.headers.get(${JSON.stringify(PAGE_HASH_HEADER)}) !== mine) location.reload(); else me.dataset.checked = String(++checks); }, () => {});` +
    '});' +
    '})();</script>';
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}${script}` : `${html.slice(0, at)}${script}\n${html.slice(at)}`;
}
