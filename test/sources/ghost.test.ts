/**
 * The Ghost reader on a small export: a blog moved to Ghost from WordPress
 * keeps WordPress's shortcodes as text in its html; none reaches a reader.
 */
import { describe, expect, it } from 'vitest';
import { readGhostExport } from '../../src/sources/ghost.js';

function exportWith(html: string): string {
  return JSON.stringify({
    db: [
      {
        meta: { exported_on: 1764500000000, version: '5.113.0' },
        data: {
          posts: [{ id: '5f0c1a2b3c4d5e6f70819203', uuid: 'u-1', title: 'Xiamen impressions', slug: 'xiamen-impressions', html, status: 'published', visibility: 'public', type: 'post', published_at: '2026-10-02T19:45:00.000Z' }],
          tags: [],
          posts_tags: [],
          users: [],
          posts_authors: [],
        },
      },
    ],
  });
}

describe('a Ghost post that came from WordPress', () => {
  it('shows a [caption] as a figure with its caption, not as text', () => {
    const { posts } = readGhostExport({
      path: 'blog.ghost.json',
      text: exportWith('<p>[caption id="attachment_12" align="aligncenter" width="300"]<img src="/content/images/gate.jpg" alt="The gate"> The old city gate[/caption]</p><p>We walked on.</p>'),
    });
    const body = posts[0]?.body;
    const html = body?.kind === 'html' ? body.html : '';
    expect(html).toContain('<figcaption>The old city gate</figcaption>');
    expect(html).toContain('<img src="/content/images/gate.jpg" alt="The gate">');
    expect(html).not.toContain('[caption');
    expect(html).toContain('We walked on.');
  });
});
