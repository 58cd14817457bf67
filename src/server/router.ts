import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A small router: a list of (method, path pattern) → handler, tried in
 * order; the static file handler answers whatever no route claims. The
 * preview and the subscription endpoints join as routes.
 */

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request URL, parsed (against the server's own address). */
  readonly url: URL;
  /** Named segments of the pattern, decoded: '/confirm/:token' gives { token }. */
  readonly params: Readonly<Record<string, string>>;
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

export interface Route {
  /** 'GET', 'POST', ... or '*' for any. GET routes also answer HEAD. */
  readonly method: string;
  /** '/path/:name/...' (a ':name' segment matches one segment), or a RegExp whose named groups become params. */
  readonly path: string | RegExp;
  readonly handler: RouteHandler;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  for (const route of routes) {
    if (!methodMatches(route.method, method)) continue;
    const params = matchPath(route.path, pathname);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function methodMatches(routeMethod: string, method: string): boolean {
  const wanted = routeMethod.toUpperCase();
  return wanted === '*' || wanted === method || (wanted === 'GET' && method === 'HEAD');
}

function matchPath(pattern: string | RegExp, pathname: string): Record<string, string> | undefined {
  if (pattern instanceof RegExp) {
    const m = pattern.exec(pathname);
    return m ? { ...m.groups } : undefined;
  }
  const want = pattern.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}
