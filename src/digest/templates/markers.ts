/**
 * Source markers: how a problem in the assembled MJML (or in the HTML MJML
 * made of it) is traced back to a template's own file and line, although
 * the layout and its partials are rendered into one document. Only when a
 * problem is found, the templates are rendered again with a comment
 * `<!--tidings@<file>:<line>-->` before every MJML tag and before the first
 * tag of every line; a problem's place then lies after the marker of the
 * template line that produced it. MJML keeps comments (keepComments), in
 * the body and inside HTML content alike, so the markers survive into the
 * HTML too.
 */

const MARKER = /<!--tidings@(\d+):(\d+)-->/g;

/** A place in a template: the index of its file (see DigestTemplates.files) and a 1-based line. */
export interface Place {
  readonly fileIndex: number;
  readonly line: number;
}

/** `source` with a marker before every `<mj…` tag and the first tag of each line; nothing inside comments is touched. */
export function markSource(source: string, fileIndex: number): string {
  let out = '';
  let from = 0;
  let line = 1;
  let lineStart = 0;
  for (const m of source.matchAll(/<!--[\s\S]*?-->|\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\n|<(?!!--)/g)) {
    const at = m.index;
    if (m[0] === '\n') {
      line++;
      lineStart = at + 1;
      continue;
    }
    if (m[0] !== '<') {
      for (const ch of m[0]) if (ch === '\n') line++;
      if (m[0].includes('\n')) lineStart = at + m[0].lastIndexOf('\n') + 1;
      continue;
    }
    const firstOnLine = source.slice(lineStart, at).trim() === '';
    if (firstOnLine || source.startsWith('mj', at + 1)) {
      out += `${source.slice(from, at)}<!--tidings@${fileIndex}:${line}-->`;
      from = at;
    }
  }
  return out + source.slice(from);
}

/**
 * The template place that produced line `mjmlLine` (1-based) of a marked
 * MJML document: of the markers on that line, the one before `<tagName`
 * (else the first); else the last marker on an earlier line.
 */
export function placeLine(marked: string, mjmlLine: number, tagName?: string): Place | undefined {
  const lines = marked.split('\n');
  const here = lines[mjmlLine - 1];
  if (here === undefined) return undefined;
  const own = [...here.matchAll(MARKER)];
  const exact = tagName === undefined ? undefined : own.find((m) => here.startsWith(`<${tagName}`, m.index + m[0].length));
  const first = exact ?? own[0];
  if (first) return toPlace(first);
  for (let i = mjmlLine - 2; i >= 0; i--) {
    const found = [...(lines[i] ?? '').matchAll(MARKER)].pop();
    if (found) return toPlace(found);
  }
  return undefined;
}

/** The template place that produced the text at `offset` of a marked document (MJML or its HTML): the last marker before it. */
export function placeOffset(marked: string, offset: number): Place | undefined {
  let found: RegExpMatchArray | undefined;
  for (const m of marked.matchAll(MARKER)) {
    if (m.index >= offset) break;
    found = m;
  }
  return found === undefined ? undefined : toPlace(found);
}

function toPlace(match: RegExpMatchArray): Place {
  return { fileIndex: Number(match[1]), line: Number(match[2]) };
}
