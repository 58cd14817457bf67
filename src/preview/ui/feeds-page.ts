import type { FeedDocument, FeedFormat } from '../../feeds/model.js';
import { renderFeed } from '../../feeds/render.js';
import { esc, href } from './html.js';

export type FeedView = 'items' | FeedFormat;

const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };

/** Every feed a reader can subscribe to: the blog's, each theme's and the roundups'. */
export function feedsMain(feeds: readonly FeedDocument[]): string {
  const rows = feeds.map((doc) => {
    const key = doc.paths.rss;
    const formats = (['rss', 'atom', 'json'] as const)
      .map((f) => `<a href="${esc(href('/feeds/view', { feed: key, view: f }))}">${esc(FORMAT_NAMES[f])}</a>`)
      .join(' · ');
    return `<tr><td><a href="${esc(href('/feeds/view', { feed: key }))}">${esc(doc.title)}</a><br><span class="small">${esc(key.replace(/feed\.xml$/, '') || '/')}</span></td><td class="num">${doc.entries.length}</td><td>${formats}</td></tr>`;
  });
  return [
    '<h1>Feeds</h1>',
    '<p class="meta">What feed readers get: the newest items of each feed (older ones are in its archive pages). Open one to see its items, or its raw XML or JSON.</p>',
    '<table class="list">',
    '<thead><tr><th scope="col">Feed</th><th scope="col">Items</th><th scope="col">Raw</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** One feed: its items as a reader lists them, or one format's document as served. */
export function feedMain(doc: FeedDocument, view: FeedView): string {
  const key = doc.paths.rss;
  const tabs = (['items', 'rss', 'atom', 'json'] as const).map((v) => {
    const label = v === 'items' ? 'Items' : FORMAT_NAMES[v];
    return `<li><a href="${esc(href('/feeds/view', { feed: key, view: v === 'items' ? undefined : v }))}"${v === view ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`;
  });
  const body = view === 'items' ? itemsList(doc) : rawDocument(doc, view);
  return [
    '<nav class="crumbs" aria-label="Feeds"><a href="/feeds">← All feeds</a></nav>',
    `<h1>${esc(doc.title)}</h1>`,
    `<p class="meta">${esc(doc.description)}${doc.description ? ' · ' : ''}${doc.entries.length} items · served at <a href="/site/${esc(doc.paths[view === 'items' ? 'rss' : view])}">/site/${esc(
      doc.paths[view === 'items' ? 'rss' : view],
    )}</a></p>`,
    `<nav class="views" aria-label="Feed views"><ul class="tags" style="gap:.5rem">${tabs.join('')}</ul></nav>`,
    body,
  ].join('\n');
}

function itemsList(doc: FeedDocument): string {
  if (doc.entries.length === 0) return '<p class="empty">No items.</p>';
  const rows = doc.entries.map(
    (e) =>
      `<tr><td><a href="${esc(e.url)}">${esc(e.title || '(untitled)')}</a><br><span class="small">${esc(e.summary.slice(0, 240))}</span></td><td class="num">${esc(e.published.slice(0, 10))}</td><td><ul class="tags">${e.categories
        .map((c) => `<li>${esc(c)}</li>`)
        .join('')}</ul></td></tr>`,
  );
  return `<table class="list"><thead><tr><th scope="col">Item</th><th scope="col">Published</th><th scope="col">Categories</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function rawDocument(doc: FeedDocument, format: FeedFormat): string {
  return `<pre class="raw" tabindex="0" aria-label="${esc(`${FORMAT_NAMES[format]} document`)}">${esc(renderFeed(doc, format))}</pre>`;
}
