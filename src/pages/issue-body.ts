import type { Issue, IssuePost } from '../digest/model.js';
import { escapeHtml } from './escape.js';

/**
 * An issue's sections as HTML: an h2 per section, an article with an h3
 * per post, its date, excerpt and a "Read more" link that names it. The web
 * version and the roundups' feeds share it. Every value is escaped here;
 * `hrefOf` says where a post's links go (relative on a page, absolute in a feed).
 */
export function renderIssueSections(issue: Issue, hrefOf: (post: IssuePost) => string): string {
  return issue.sections
    .map((section) => {
      const posts = section.posts.map((post) => {
        const href = escapeHtml(hrefOf(post));
        const title = escapeHtml(post.title);
        return [
          '<article>',
          `<h3 dir="auto"><a href="${href}">${title}</a></h3>`,
          `<p class="meta"><time datetime="${escapeHtml(post.published)}">${escapeHtml(post.date)}</time> · ${post.readingMinutes} min read</p>`,
          ...(post.excerpt ? [`<p dir="auto">${escapeHtml(post.excerpt)}</p>`] : []),
          `<p><a href="${href}">Read more: ${title}</a></p>`,
          '</article>',
        ].join('\n');
      });
      return [
        '<section>',
        `<h2 dir="auto">${escapeHtml(section.name)}</h2>`,
        ...(section.description ? [`<p class="meta" dir="auto">${escapeHtml(section.description)}</p>`] : []),
        ...posts,
        '</section>',
      ].join('\n');
    })
    .join('\n');
}
