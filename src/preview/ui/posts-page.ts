import type { Issue } from '../../digest/model.js';
import { displayDate } from '../../text/display-date.js';
import { postPagePath } from '../../addresses/page-folder.js';
import { postState } from '../../model/post-state.js';
import type { Snapshot } from '../session/snapshot.js';
import { esc } from './html.js';
import { warningsList } from './problems.js';

/** Most posts listed on one page. */
const MOST = 1000;

/** Every post, newest first: where it came from, its themes and the roundup it is in. */
export function postsMain(snapshot: Snapshot): string {
  const { config } = snapshot;
  const names = new Map(config.themes.map((t) => [t.slug, t.name]));
  const issueOf = new Map<string, Issue>();
  for (const issue of snapshot.issues) for (const section of issue.sections) for (const post of section.posts) issueOf.set(post.id, issue);
  const rows = snapshot.posts.slice(0, MOST).map((post) => {
    const issue = issueOf.get(post.id);
    const source = post.sources[0];
    const where = source === undefined ? '' : source.line > 0 ? `${source.file}:${source.line}` : source.file;
    let date = post.published;
    try {
      date = displayDate(post.published, config);
    } catch {
      // Shown as stored.
    }
    const state = postState(post, snapshot.updatedAt);
    // A scheduled or expired post has no page in the built site: its title is not a link, and it is marked.
    const title =
      state === 'published'
        ? `<a href="/site/${postPagePath(post, config).split('/').map(encodeURIComponent).join('/')}">${esc(post.title || 'Untitled')}</a>`
        : `${esc(post.title || 'Untitled')} <span class="state ${state}">${state === 'scheduled' ? `scheduled: published ${esc(date)}` : 'expired'}</span>`;
    return [
      `<tr${state === 'published' ? '' : ` class="${state}"`}>`,
      `<td>${title}</td>`,
      `<td class="num">${esc(date)}</td>`,
      `<td><ul class="tags">${post.themes.map((t) => `<li>${esc(names.get(t) ?? t)}</li>`).join('')}</ul></td>`,
      `<td>${issue ? `<a href="/roundups/${encodeURIComponent(issue.id)}">Issue ${issue.number}</a>` : `<span class="small">${state === 'scheduled' ? 'after its date' : 'none'}</span>`}</td>`,
      `<td class="small">${esc(where)}${post.sources.length > 1 ? ` (+${post.sources.length - 1})` : ''}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<h1>Posts</h1>',
    `<p class="meta">${snapshot.posts.length} posts in the store, newest first${snapshot.posts.length > MOST ? ` (the newest ${MOST} shown)` : ''}. Titles open the built archive page.</p>`,
    warningsList(
      snapshot.problems.filter((p) => p.area === 'content'),
      'Import warnings',
    ),
    snapshot.posts.length === 0
      ? '<p class="empty">No posts yet.</p>'
      : [
          '<table class="list">',
          '<thead><tr><th scope="col">Title</th><th scope="col">Published</th><th scope="col">Themes</th><th scope="col">Roundup</th><th scope="col">Source</th></tr></thead>',
          `<tbody>${rows.join('\n')}</tbody>`,
          '</table>',
        ].join('\n'),
  ].join('\n');
}
