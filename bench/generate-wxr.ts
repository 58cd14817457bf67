/**
 * Generates a WordPress export (WXR) in the shape WordPress writes it:
 * N published posts (half classic-editor text with blank-line paragraphs and
 * a [caption], half block-editor content), and besides them what a real
 * export holds that is not a post: one attachment per five posts, drafts,
 * revisions and menu items, so that skipping is measured too.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rng, sentence } from './generate.js';


function paragraph(r: () => number): string {
  return Array.from({ length: 4 }, () => sentence(r, 10 + Math.floor(r() * 12))).join(' ');
}

function mysql(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function item(fields: { id: number; title: string; date: Date; type: string; status: string; content: string; parent?: number; url?: string; terms?: string }): string {
  const slug = `entry-${fields.id}`;
  return `\t<item>
\t\t<title><![CDATA[${fields.title}]]></title>
\t\t<link>https://bench.example.org/${slug}/</link>
\t\t<pubDate>${fields.date.toUTCString().replace('GMT', '+0000')}</pubDate>
\t\t<dc:creator><![CDATA[editor]]></dc:creator>
\t\t<guid isPermaLink="false">https://bench.example.org/?p=${fields.id}</guid>
\t\t<description></description>
\t\t<content:encoded><![CDATA[${fields.content}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>
\t\t<wp:post_id>${fields.id}</wp:post_id>
\t\t<wp:post_date><![CDATA[${mysql(fields.date)}]]></wp:post_date>
\t\t<wp:post_date_gmt><![CDATA[${mysql(fields.date)}]]></wp:post_date_gmt>
\t\t<wp:post_modified><![CDATA[${mysql(fields.date)}]]></wp:post_modified>
\t\t<wp:post_modified_gmt><![CDATA[${mysql(fields.date)}]]></wp:post_modified_gmt>
\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>
\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>
\t\t<wp:post_name><![CDATA[${slug}]]></wp:post_name>
\t\t<wp:status><![CDATA[${fields.status}]]></wp:status>
\t\t<wp:post_parent>${fields.parent ?? 0}</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type><![CDATA[${fields.type}]]></wp:post_type>
\t\t<wp:post_password><![CDATA[]]></wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
${fields.url ? `\t\t<wp:attachment_url><![CDATA[${fields.url}]]></wp:attachment_url>\n` : ''}${fields.terms ?? ''}\t\t<wp:postmeta>
\t\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
\t\t\t<wp:meta_value><![CDATA[1]]></wp:meta_value>
\t\t</wp:postmeta>
\t</item>
`;
}

/** Writes the export to `file`: `n` published posts and about 0.45 n other entries. */
export async function generateWxr(file: string, n: number): Promise<void> {
  const r = rng(3);
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Bench</title>
\t<link>https://bench.example.org</link>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_display_name><![CDATA[The Editor]]></wp:author_display_name></wp:author>
`,
  ];
  let id = 1;
  for (let i = 0; i < n; i++) {
    const date = new Date(Date.UTC(2010, 0, 1) + i * 86_400_000 + 9 * 3_600_000);
    const postId = id++;
    const paras = Array.from({ length: 5 }, () => paragraph(r));
    let content: string;
    if (i % 2 === 0) {
      content = paras.join('\n\n');
    } else {
      content = paras.map((p) => `<!-- wp:paragraph -->\n<p>${p}</p>\n<!-- /wp:paragraph -->`).join('\n\n');
    }
    if (i % 5 === 0) {
      const attachment = id++;
      const url = `https://bench.example.org/wp-content/uploads/${attachment}.jpg`;
      content += `\n\n[caption id="attachment_${attachment}" align="alignnone" width="600"]<img src="${url}" alt="" width="600" height="400" /> A caption for ${postId}[/caption]`;
      parts.push(item({ id: attachment, title: `image-${attachment}`, date, type: 'attachment', status: 'inherit', content: '', parent: postId, url }));
    }
    const terms = `\t\t<category domain="category" nicename="research"><![CDATA[Research]]></category>\n\t\t<category domain="post_tag" nicename="policy"><![CDATA[policy]]></category>\n`;
    parts.push(item({ id: postId, title: `Post ${i}: ${sentence(r, 5).slice(0, -1)}`, date, type: 'post', status: 'publish', content, terms }));
    if (i % 10 === 0) parts.push(item({ id: id++, title: `Post ${i}`, date, type: 'revision', status: 'inherit', content: paras[0]!, parent: postId }));
    if (i % 20 === 0) parts.push(item({ id: id++, title: `Draft ${i}`, date, type: 'post', status: 'draft', content: paras[1]! }));
    if (i % 100 === 0) parts.push(item({ id: id++, title: `Menu ${i}`, date, type: 'nav_menu_item', status: 'publish', content: '' }));
  }
  parts.push('</channel>\n</rss>\n');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, parts.join(''));
}
