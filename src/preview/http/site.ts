import type { Route } from '../../server/router.js';
import { resolveFile } from '../../server/resolve-file.js';
import { createStaticHandler } from '../../server/static-files.js';

/**
 * The built site under /site/ (web versions, archive pages, raw feeds),
 * exactly as `tidings serve` serves it at the root: its relative links keep
 * working under the prefix.
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
        await serve({ ...ctx, url: new URL(`${rest}${ctx.url.search}`, ctx.url) });
      },
    },
  ];
}
