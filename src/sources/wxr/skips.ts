/**
 * What a WXR item is when it is not a published post or page, and the one
 * line per file that counts them: a WordPress export holds the whole site
 * (drafts, the media library, menus, revisions, templates), and tidings
 * reads only what WordPress shows as posts.
 */
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { WxrEntry } from './entry.js';

const STATUS_NAMES: Record<string, string> = {
  draft: 'draft',
  'auto-draft': 'draft',
  pending: 'pending post',
  future: 'scheduled post',
  private: 'private post',
  trash: 'trashed post',
};

const TYPE_NAMES: Record<string, string> = {
  attachment: 'attachment',
  nav_menu_item: 'menu item',
  revision: 'revision',
  wp_block: 'reusable block',
  wp_template: 'template',
  wp_template_part: 'template',
  wp_navigation: 'menu item',
  wp_global_styles: 'style setting',
  custom_css: 'style setting',
  customize_changeset: 'style setting',
  oembed_cache: 'embed cache entry',
};

/** Why the entry is not read (a singular noun such as "draft"); null for a published post or page. */
export function skipReason(entry: WxrEntry): string | null {
  // An item with neither (WordPress's own exports have both) adds comments or meta to another item.
  if (entry.type === '' && entry.status === '') return 'incomplete entry';
  if (entry.type === 'post' || entry.type === 'page' || entry.type === '') {
    const what = entry.type === 'page' ? 'page' : 'post';
    if (entry.status !== 'publish' && entry.status !== '') {
      const name = STATUS_NAMES[entry.status] ?? `${entry.status} post`;
      return what === 'page' ? `unpublished page` : name;
    }
    if (entry.password !== '') return `password-protected ${what}`;
    return null;
  }
  return TYPE_NAMES[entry.type] ?? `"${entry.type}" entry`;
}

export class SkipTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    this.total += 1;
  }

  /** `skipped 3 drafts, 40 attachments and 2 menu items: …` (info); undefined when nothing was skipped. */
  note(file: string): Diagnostic | undefined {
    if (this.total === 0) return undefined;
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${n === 1 ? reason : plural(reason)}`);
    const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
    return diagnostic(file, 0, `skipped ${list}: only published posts are read`, 'pages are read when content.pages is true', 'info');
  }
}

function plural(noun: string): string {
  if (noun.endsWith(' entry')) return `${noun.slice(0, -5)}entries`;
  return `${noun}s`;
}
