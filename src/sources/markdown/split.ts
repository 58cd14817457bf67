/**
 * Splitting a Markdown file into its front matter and its body: the YAML
 * between a first line `---` (or `--- yaml`) and the next `---` or `...`.
 */

export type Split =
  | { kind: 'none' }
  | { kind: 'not-yaml'; language: string }
  | { kind: 'unterminated' }
  | { kind: 'block'; yaml: string; /** file line of the YAML's first line */ yamlLine: number; body: string };

export function splitFrontMatter(text: string): Split {
  const open = /^---[ \t]*(?:ya?ml[ \t]*)?(?:\r?\n|$)/i.exec(text);
  if (!open) {
    // `---js` / `---coffee` front matter: some front-matter readers evaluate it as code; it is never read here.
    const language = /^---[ \t]*([A-Za-z]+)[ \t]*\r?\n/.exec(text)?.[1];
    return language === undefined ? { kind: 'none' } : { kind: 'not-yaml', language };
  }
  const rest = text.slice(open[0].length);
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(rest);
  if (!close) return { kind: 'unterminated' };
  return {
    kind: 'block',
    yaml: rest.slice(0, close.index),
    yamlLine: 2,
    body: rest.slice(close.index + close[0].length),
  };
}
