/**
 * A WXR post's stored content as WordPress shows it: block comments
 * (`<!-- wp:paragraph -->`) removed, a URL alone on its line (what
 * WordPress embeds) a link, shortcodes rendered (shortcodes.ts), and
 * classic-editor content paragraphed by wpautop (autop.ts). Block content
 * is not paragraphed: WordPress skips wpautop for it too (do_blocks).
 */
import { wpautop } from './autop.js';
import { embedLink, renderShortcodes } from './shortcodes.js';
import type { Removed, ShortcodeContext } from './shortcodes.js';

const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->/g;
const HAS_BLOCKS = /<!--\s*wp:/;
const LONE_URL = /^(\s*)(https?:\/\/[^\s<>"]+)(\s*)$/gm;

/** The post's HTML, and the shortcodes removed (offsets in `text`: the content without its block comments). */
export function renderContent(content: string, ctx: ShortcodeContext): { html: string; removed: Removed[]; text: string } {
  const hasBlocks = HAS_BLOCKS.test(content);
  const unblocked = hasBlocks ? content.replace(BLOCK_COMMENT, '') : content;
  const { html, removed } = renderShortcodes(unblocked, ctx);
  const embedded = html.includes('http') ? html.replace(LONE_URL, (_m, before: string, url: string, after: string) => `${before}${embedLink(url)}${after}`) : html;
  return { html: hasBlocks ? embedded : wpautop(embedded), removed, text: unblocked };
}
