import type { Snapshot } from '../session/snapshot.js';
import { esc } from './html.js';
import { warningsList } from './problems.js';

/** The front page: every roundup, newest first, and how to see the rest. */
export function homeMain(snapshot: Snapshot, inboxUrl: string): string {
  const issues = [...snapshot.issues].reverse();
  const rows = issues.map((issue) => {
    const themes = issue.sections.map((s) => `<li>${esc(s.name)}</li>`).join('');
    return [
      '<tr>',
      `<td class="num">${issue.number}</td>`,
      `<td><a href="/roundups/${encodeURIComponent(issue.id)}">${esc(issue.period.label)}</a><br><span class="small">${esc(issue.period.range)}</span></td>`,
      `<td>${esc(issue.subject)}</td>`,
      `<td class="num">${issue.postCount}</td>`,
      `<td><ul class="tags">${themes}</ul></td>`,
      '</tr>',
    ].join('');
  });
  const table =
    issues.length === 0
      ? `<p class="empty">No roundups yet: there are no posts. Put posts in ${esc(snapshot.config.content.paths.join(', '))} (Markdown, text exports or feeds) and they appear here.</p>`
      : [
          '<table class="list">',
          '<caption class="small" style="text-align:left;padding:.5rem .75rem">Newest first. Open one to see its email as a subscriber gets it.</caption>',
          '<thead><tr><th scope="col">No.</th><th scope="col">Period</th><th scope="col">Subject</th><th scope="col">Posts</th><th scope="col">Sections</th></tr></thead>',
          `<tbody>${rows.join('\n')}</tbody>`,
          '</table>',
        ].join('\n');
  return [
    '<h1>Roundups</h1>',
    `<p class="meta">${snapshot.issues.length} roundups (${esc(snapshot.config.digest.period)}) from ${snapshot.posts.length} posts · visual theme “${esc(
      snapshot.config.digest.visualTheme,
    )}” · test messages go to the built-in inbox at <code>${esc(inboxUrl)}</code></p>`,
    warningsList(snapshot.problems, 'Warnings'),
    table,
  ].join('\n');
}
