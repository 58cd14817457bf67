import type { Config } from '../config/schema.js';
import { displayDate } from '../text/display-date.js';
import { escapeHtml } from '../text/html-escape.js';
import { relativeHref } from './paths.js';
import type { PostView } from './views.js';

/**
 * A list of posts (title, date, and the summary when `withSummary`), linked
 * relative to the page in `fromDir`; titles are headings of `level`, one
 * below the heading the list sits under.
 */
export function renderPostList(posts: readonly PostView[], fromDir: string, config: Config, withSummary: boolean, level: 2 | 3): string {
  if (posts.length === 0) return '<p>No posts yet.</p>';
  const items = posts.map((post) => {
    const summary = withSummary && post.summary ? `\n<p>${escapeHtml(post.summary)}</p>` : '';
    return [
      '<li><article>',
      `<h${level}><a href="${escapeHtml(post.page ? relativeHref(fromDir, post.path) : post.url)}">${escapeHtml(post.title)}</a></h${level}>`,
      `<p class="meta"><time datetime="${escapeHtml(post.published)}">${escapeHtml(displayDate(post.published, config))}</time></p>${summary}`,
      '</article></li>',
    ].join('\n');
  });
  return `<ul class="posts">\n${items.join('\n')}\n</ul>`;
}
