/**
 * WordPress's paragraphing, `wpautop()` of wp-includes/formatting.php,
 * ported step by step: WordPress stores a classic-editor post with blank
 * lines between paragraphs and single newlines for line breaks, and adds the
 * `<p>` and `<br />` only when it shows the post. Block-editor content
 * (`<!-- wp:… -->` comments) already holds its markup: WordPress skips
 * wpautop for it, and so does the caller.
 *
 * Left out: `<option>` and `<object>` handling (forms and plugins, which the
 * sanitiser removes anyway).
 */

const ALL_BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

const BLOCK_OPEN = new RegExp(`(<${ALL_BLOCKS}[\\s/>])`, 'g');
const BLOCK_CLOSE = new RegExp(`(</${ALL_BLOCKS}>)`, 'g');
const P_AROUND_BLOCK = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g');
const P_BEFORE_BLOCK = new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`, 'g');
const P_AFTER_BLOCK = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g');
const BR_AFTER_BLOCK = new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br />`, 'g');
/** WordPress's wp_html_split(): elements, comments and CDATA, as the pieces between text. */
const HTML_SPLIT = /(<(?:!--[\s\S]*?(?:-->|$)|!\[CDATA\[[\s\S]*?(?:\]\]>|$)|[^>]*>?))/;
const NEWLINE_MARK = ' <!-- wpnl --> ';

export function wpautop(input: string, br = true): string {
  if (input.trim() === '') return '';
  let text = `${input}\n`;
  const preTags = new Map<string, string>();

  if (text.includes('<pre')) {
    const parts = text.split('</pre>');
    const last = parts.pop() ?? '';
    text = '';
    parts.forEach((part, i) => {
      const start = part.indexOf('<pre');
      if (start < 0) {
        text += part;
        return;
      }
      const name = `<pre wp-pre-tag-${i}></pre>`;
      preTags.set(name, `${part.slice(start)}</pre>`);
      text += part.slice(0, start) + name;
    });
    text += last;
  }

  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/g, '\n\n');
  text = text.replace(BLOCK_OPEN, '\n\n$1');
  text = text.replace(BLOCK_CLOSE, '$1\n\n');
  text = text.replace(/(<hr\s*?\/?>)/g, '$1\n\n');
  text = text.replace(/\r\n|\r/g, '\n');
  text = replaceInTags(text, '\n', NEWLINE_MARK);

  if (text.includes('<source') || text.includes('<track')) {
    text = text.replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, '$1');
    text = text.replace(/\s*([<[]\/(?:audio|video)[>\]])/g, '$1');
    text = text.replace(/\s*(<(?:source|track)[^>]*>)\s*/g, '$1');
  }
  if (text.includes('<figcaption')) {
    text = text.replace(/\s*(<figcaption[^>]*>)/g, '$1');
    text = text.replace(/<\/figcaption>\s*/g, '</figcaption>');
  }

  text = text.replace(/\n\n+/g, '\n\n');
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p !== '');
  text = paragraphs.map((p) => `<p>${p.replace(/^\n+|\n+$/g, '')}</p>\n`).join('');

  text = text.replace(/<p>\s*<\/p>/g, '');
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>');
  text = text.replace(P_AROUND_BLOCK, '$1');
  text = text.replace(/<p>(<li.+?)<\/p>/g, '$1');
  text = text.replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>');
  text = text.split('</blockquote></p>').join('</p></blockquote>');
  text = text.replace(P_BEFORE_BLOCK, '$1');
  text = text.replace(P_AFTER_BLOCK, '$1');

  if (br) {
    text = text.replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, (m) => m.replace(/\n/g, '<WPPreserveNewline />'));
    text = text.replace(/<br>|<br\/>/g, '<br />');
    text = text.replace(/(?<!<br \/>)\s*\n/g, '<br />\n');
    text = text.split('<WPPreserveNewline />').join('\n');
  }

  text = text.replace(BR_AFTER_BLOCK, '$1');
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, '$1');
  text = text.replace(/\n<\/p>$/g, '</p>');

  for (const [name, pre] of preTags) text = text.split(name).join(pre);
  if (text.includes('<!-- wpnl -->')) text = text.split(NEWLINE_MARK).join('\n').split('<!-- wpnl -->').join('\n');
  return text;
}

/** wp_replace_in_html_tags() for one pair: `from` replaced inside elements (and comments) only. */
function replaceInTags(text: string, from: string, to: string): string {
  const pieces = text.split(HTML_SPLIT);
  let changed = false;
  for (let i = 1; i < pieces.length; i += 2) {
    const piece = pieces[i] ?? '';
    if (piece.includes(from)) {
      pieces[i] = piece.split(from).join(to);
      changed = true;
    }
  }
  return changed ? pieces.join('') : text;
}
