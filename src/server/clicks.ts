import type { Config } from '../config/schema.js';
import { CLICK_PATH, createClickSigner, NO_READER } from '../engagement/click-tokens.js';
import type { Store } from '../store/store.js';
import type { Route, RouteContext } from './router.js';

/** What the click redirect needs, handed in by the serve command. */
export interface ClickDeps {
  config: Config;
  store: Pick<Store, 'countClick'>;
  /** Signs and checks the links (subscriptions.secret). */
  secret: string;
  now?: () => Date;
  /** A click that could not be counted (the reader is sent on all the same). */
  onError?: (error: unknown) => void;
}

/**
 * `GET /r/<issue>/<link token>[/<reader token>]`: the link to a post in a
 * roundup (see digest/render/links.ts). A link tidings signed answers 302
 * to the post's address, after one more click is counted when
 * engagement.clicks is on (and for the subscriber, when
 * engagement.perSubscriber is on and the link names one); anything else is
 * 404 and counts nothing, so it can only ever send a reader where tidings
 * sent them. A HEAD (link scanners) is answered without counting. Links
 * sent while clicks were counted keep working after they are turned off,
 * and count nothing then.
 */
export function clickRoutes(deps: ClickDeps): Route[] {
  const signer = createClickSigner(deps.secret);
  const { engagement } = deps.config;
  const handler = async ({ req, res, params }: RouteContext): Promise<void> => {
    const issueId = params.issue ?? '';
    const link = signer.readLink(issueId, params.token ?? '');
    const readerToken = params.reader ?? '';
    const reader = readerToken === '' || readerToken === NO_READER ? undefined : signer.readReader(issueId, readerToken);
    if (link === null || reader === null || !URL.canParse(link.url)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('This link is not one of this site’s.\n');
      return;
    }
    if (req.method === 'GET' && engagement.clicks) {
      try {
        const subscriberId = engagement.perSubscriber ? reader : undefined;
        await deps.store.countClick({ issueId, postId: link.postId, url: link.url, ...(subscriberId === undefined ? {} : { subscriberId }) }, { now: (deps.now?.() ?? new Date()).toISOString() });
      } catch (error) {
        deps.onError?.(error);
      }
    }
    // As a URL object writes it: a non-ASCII path or query percent-encoded, as a header must be.
    res.writeHead(302, { location: new URL(link.url).href, 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
    res.end();
  };
  return [{ method: 'GET', path: new RegExp(`^/${CLICK_PATH}/(?<issue>[^/]+)/(?<token>[^/]+)(?:/(?<reader>[^/]*))?$`), handler }];
}
