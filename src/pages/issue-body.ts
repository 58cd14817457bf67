import type { Issue, IssuePost } from '../digest/model.js';
import { escapeHtml } from '../text/html-escape.js';

/**
 * An issue's sections as HTML: an h2 per section, an article with an h3
 * per post, its date, excerpt (its written-out web addresses as links) and a "Read more" link that names it. The web
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
          ...(post.excerpt ? [`<p dir="auto">${excerptHtml(post)}</p>`] : []),
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

/** The excerpt, escaped, a web address written out in it a link named by its domain (as in the email). */
function excerptHtml(post: IssuePost): string {
  const parts = post.excerptParts ?? [{ text: post.excerpt }];
  return parts.map((p) => (p.url === undefined ? escapeHtml(p.text) : `<a href="${escapeHtml(p.url)}">${escapeHtml(p.text)}</a>`)).join('');
}
