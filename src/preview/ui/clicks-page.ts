import type { ClickStats } from '../../engagement/stats.js';
import { esc } from './html.js';

/** The clicks panel: what `tidings stats` prints, per issue and post; and what is counted, or that nothing is. */
export function clicksMain(stats: ClickStats): string {
  const { clicks, perSubscriber } = stats.counting;
  const counting = clicks
    ? `Clicks on the links to posts are counted per issue and post${perSubscriber ? ', and per subscriber (every roundup’s footer says so)' : '; no subscriber is named'}. Opens are never tracked.`
    : 'Clicks are not counted: <code>engagement.clicks</code> is off in the config, and the links in roundups are the posts’ own addresses. Opens are never tracked.';
  const issues = stats.issues.map((issue) => {
    const rows = issue.posts.map(
      (post) =>
        `<tr><td>${post.title === null ? '<span class="small">(post no longer stored)</span>' : esc(post.title)}<br><span class="small">${esc(post.url)}</span></td><td class="num">${post.clicks}</td>${perSubscriber ? `<td class="num">${post.readers}</td>` : ''}</tr>`,
    );
    return [
      `<section class="clicks" data-issue="${esc(issue.issueId)}">`,
      `<h2><a href="/roundups/${encodeURIComponent(issue.issueId)}">${esc(issue.issueId)}</a>${issue.subject === null ? '' : ` · ${esc(issue.subject)}`}</h2>`,
      `<p class="meta">${issue.clicks} ${issue.clicks === 1 ? 'click' : 'clicks'} on ${issue.posts.length} ${issue.posts.length === 1 ? 'post' : 'posts'}</p>`,
      '<table class="list">',
      `<thead><tr><th scope="col">Post</th><th scope="col">Clicks</th>${perSubscriber ? '<th scope="col">Subscribers</th>' : ''}</tr></thead>`,
      `<tbody>${rows.join('')}</tbody>`,
      '</table>',
      '</section>',
    ].join('\n');
  });
  return ['<h1>Clicks</h1>', `<p class="meta" data-testid="counting">${counting}</p>`, stats.issues.length === 0 ? '<p class="empty">No clicks counted yet.</p>' : issues.join('\n')].join('\n');
}
