import type { Snapshot } from '../session/snapshot.js';
import { clock, esc } from './html.js';
import { problemsBanner } from './problems.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';

export type NavKey = 'roundups' | 'plan' | 'posts' | 'feeds' | 'inbox' | 'clicks';

/** What every page knows besides its own content. */
export interface PageContext {
  readonly snapshot: Snapshot;
  readonly inbox: { readonly count: number; readonly received: number; readonly url: string };
  /** For the inline script (Content-Security-Policy). */
  readonly nonce: string;
}

export interface PageModel {
  readonly title: string;
  readonly nav: NavKey | null;
  /** data-page on the body: what the script listens for ('inbox' reloads on new messages). */
  readonly kind: string;
  /** Trusted HTML, made from escaped parts. */
  readonly main: string;
}

const NAV: readonly { key: NavKey; label: string; href: string }[] = [
  { key: 'roundups', label: 'Roundups', href: '/' },
  { key: 'plan', label: 'Plan', href: '/plan' },
  { key: 'posts', label: 'Posts', href: '/posts' },
  { key: 'feeds', label: 'Feeds', href: '/feeds' },
  { key: 'inbox', label: 'Inbox', href: '/inbox' },
  { key: 'clicks', label: 'Clicks', href: '/clicks' },
];

/** A whole preview page: the bar (navigation, live status), the errors of the last change, the page's content, the script. */
export function renderPage(ctx: PageContext, page: PageModel): string {
  const { snapshot, inbox } = ctx;
  const nav = NAV.map((item) => {
    const current = item.key === page.nav ? ' aria-current="page"' : '';
    const badge = item.key === 'inbox' ? `<span class="count${inbox.count > 0 ? ' has' : ''}" data-inbox-count aria-label="${esc(`${inbox.count} messages`)}">${inbox.count}</span>` : '';
    return `<li><a href="${item.href}"${current}>${esc(item.label)}${badge}</a></li>`;
  });
  nav.push('<li><a href="/site/">Built site</a></li>');
  return [
    '<!doctype html>',
    `<html lang="en">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(page.title)} · tidings preview</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}</style>`,
    '</head>',
    `<body data-page="${esc(page.kind)}" data-generation="${snapshot.generation}" data-inbox-state="${inbox.count}/${inbox.received}">`,
    '<a class="skip" href="#main">Skip to content</a>',
    '<header class="top">',
    `<a class="brand" href="/">tidings preview <span>· ${esc(snapshot.config.site.title)}</span></a>`,
    `<nav aria-label="Preview">\n<ul>${nav.join('')}</ul>\n</nav>`,
    `<p id="live" class="live" role="status" data-state="on">Updated ${esc(clock(snapshot.updatedAt))}</p>`,
    '</header>',
    `<main id="main" tabindex="-1">`,
    problemsBanner(snapshot.problems),
    page.main,
    '</main>',
    `<footer class="site">${esc(footerText(snapshot))}</footer>`,
    `<script nonce="${esc(ctx.nonce)}">${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function footerText(snapshot: Snapshot): string {
  const config = snapshot.configFile ?? 'no config file (defaults)';
  return `Config: ${config}. Last change: ${snapshot.cause} at ${clock(snapshot.updatedAt)}. Edits to the content, the templates and the config show here by themselves.`;
}
