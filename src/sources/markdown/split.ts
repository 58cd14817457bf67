/**
 * Splitting a Markdown file into its front matter and its body. Three kinds,
 * as Jekyll, Hugo and Eleventy write them:
 * - YAML between a first line `---` (or `--- yaml`) and the next `---` or `...`;
 * - TOML between a first line `+++` and the next `+++` (what `hugo new` writes);
 * - JSON: a `{ ... }` object starting on the first line (Hugo), up to its closing brace.
 */

export type FrontMatterLanguage = 'yaml' | 'toml' | 'json';

export type Split =
  | { kind: 'none' }
  | { kind: 'not-read'; language: string }
  | { kind: 'unterminated'; language: FrontMatterLanguage }
  | {
      kind: 'block';
      language: FrontMatterLanguage;
      text: string;
      /** file line of the front matter's first line */
      textLine: number;
      body: string;
    };

export function splitFrontMatter(text: string): Split {
  if (/^\{\s*["}]/.test(text)) return splitJson(text);
  const open = /^(---|\+\+\+)[ \t]*(?:(ya?ml|toml)[ \t]*)?(?:\r?\n|$)/i.exec(text);
  if (!open) {
    // `---js` / `---coffee` front matter: some front-matter readers evaluate it as code; it is never read here.
    const language = /^---[ \t]*([A-Za-z]+)[ \t]*\r?\n/.exec(text)?.[1];
    return language === undefined ? { kind: 'none' } : { kind: 'not-read', language };
  }
  const fence = open[1] ?? '---';
  const language: FrontMatterLanguage = fence === '+++' || open[2]?.toLowerCase() === 'toml' ? 'toml' : 'yaml';
  const rest = text.slice(open[0].length);
  const close = (fence === '+++' ? /^\+\+\+[ \t]*(?:\r?\n|$)/m : /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m).exec(rest);
  if (!close) return { kind: 'unterminated', language };
  return {
    kind: 'block',
    language,
    text: rest.slice(0, close.index),
    textLine: 2,
    body: rest.slice(close.index + close[0].length),
  };
}

/** A JSON object at the top of the file: its end is the brace that closes the first one (strings skipped). */
function splitJson(text: string): Split {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if (inString) {
      if (c === 92 /* \ */) at += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 /* { */) {
      depth += 1;
    } else if (c === 125 /* } */) {
      depth -= 1;
      if (depth === 0) {
        const body = text.slice(at + 1).replace(/^[ \t]*\r?\n/, '');
        return { kind: 'block', language: 'json', text: text.slice(0, at + 1), textLine: 1, body };
      }
    }
  }
  return { kind: 'unterminated', language: 'json' };
}
