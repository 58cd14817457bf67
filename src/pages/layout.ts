import { escapeHtml } from '../text/html-escape.js';
import type { FeedLinkSet } from './feed-links.js';
import { autodiscoveryLinks } from './feed-links.js';
import type { SignUpParts } from './sign-up.js';

export interface LayoutModel {
  readonly language: string;
  /** Text of the <title>. */
  readonly title: string;
  readonly description: string;
  readonly canonicalUrl: string;
  readonly siteTitle: string;
  /** Relative link to the home page. */
  readonly homeHref: string;
  readonly feeds: readonly FeedLinkSet[];
  /** Trusted HTML: built by the page templates from escaped parts. */
  readonly main: string;
  readonly footer: string;
  /** The sign-up link's HTML in each place (trusted: the site's own template), when subscriptions are on. */
  readonly signUp?: SignUpParts;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfc;--muted:#5b5b60;--link:#0b57d0;--rule:#d9d9de}
@media (prefers-color-scheme:dark){:root{--fg:#ececf0;--bg:#16161a;--muted:#a9a9b2;--link:#8ab4f8;--rule:#34343a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
header{border-bottom:1px solid var(--rule);display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:0 1rem}
header .sign-up{margin:0}
.sign-up a{font-weight:600}
footer{border-top:1px solid var(--rule);color:var(--muted);font-size:.9375rem}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.site{margin:0;font-weight:700}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.meta{color:var(--muted);font-size:.9375rem;margin-top:0}
.posts{list-style:none;padding:0}
.posts li{margin:0 0 1.5rem}
.posts h2,.posts h3{margin:0;font-size:1.125rem}
.content img{max-width:100%;height:auto}
.content pre{overflow-x:auto}
blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--rule)}
`.trim();

/** A whole HTML document around a page's main content. */
export function renderLayout(page: LayoutModel): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    ...(page.description ? [`<meta name="description" content="${escapeHtml(page.description)}">`] : []),
    `<link rel="canonical" href="${escapeHtml(page.canonicalUrl)}">`,
    autodiscoveryLinks(page.feeds),
    `<style>\n${STYLE}\n</style>`,
  ];
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(page.language)}">`,
    '<head>',
    ...head,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to content</a>',
    `<header><p class="site"><a href="${escapeHtml(page.homeHref)}">${escapeHtml(page.siteTitle)}</a></p>${place(page.signUp?.header)}</header>`,
    `<main id="main">\n${page.main}${place(page.signUp?.main)}\n</main>`,
    `<footer>\n${page.signUp?.footer ? `${page.signUp.footer}\n` : ''}${page.footer}\n</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A place's sign-up HTML on a line of its own, or nothing. */
function place(html: string | undefined): string {
  return html ? `\n${html}` : '';
}
