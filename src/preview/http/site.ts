import { readFile } from 'node:fs/promises';
import type { Route } from '../../server/router.js';
import { resolveFile } from '../../server/resolve-file.js';
import { createStaticHandler } from '../../server/static-files.js';
import { sendBody } from './respond.js';
import { PAGE_HASH_HEADER, pageHash, withLiveReload } from './site-reload.js';

/**
 * The built site under /site/ (web versions, archive pages, raw feeds),
 * exactly as `tidings serve` serves it at the root: its relative links keep
 * working under the prefix. Its HTML pages get the preview's live reload
 * (site-reload.ts): an open post page shows a saved edit by itself.
 */
export function siteRoutes(outDir: string): Route[] {
  const serve = createStaticHandler(outDir);
  return [
    {
      method: 'GET',
      path: '/site',
      handler: ({ res }) => void res.writeHead(301, { location: '/site/' }).end(),
    },
    {
      method: 'GET',
      path: /^\/site(?<rest>\/.*)$/,
      handler: async (ctx) => {
        const rest = ctx.params['rest'] ?? '/';
        const resolved = await resolveFile(outDir, rest);
        if (resolved.kind === 'redirect') {
          ctx.res.writeHead(301, { location: `/site${resolved.location}${ctx.url.search}` }).end();
          return;
        }
        if (resolved.kind === 'file' && resolved.file.endsWith('.html')) {
          const bytes = await readFile(resolved.file).catch(() => undefined);
          if (bytes !== undefined) {
            const hash = pageHash(bytes);
            const html = withLiveReload(bytes.toString('utf8'), hash);
            sendBody(ctx.res, 200, html, { 'content-type': 'text/html; charset=utf-8', [PAGE_HASH_HEADER]: hash }, ctx.req.method === 'HEAD');
            return;
          }
        }
        await serve({ ...ctx, url: new URL(`${rest}${ctx.url.search}`, ctx.url) });
      },
    },
  ];
}
