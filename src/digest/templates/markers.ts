/**
 * Source markers: how an MJML error is traced back to a template line.
 * Only when MJML refuses a document, the templates are rendered again with
 * a comment `<!--tidings@<file>:<line>-->` at the start of every template
 * line that starts with a tag; the MJML line of an error then lies after
 * the marker of the template line that produced it.
 */

const MARKER = /<!--tidings@(\d+):(\d+)-->/g;

/** `source` with a marker before the first tag of each line that starts with one. */
export function markSource(source: string, fileIndex: number): string {
  return source
    .split('\n')
    .map((line, i) => {
      const indent = line.length - line.trimStart().length;
      const rest = line.slice(indent);
      return rest.startsWith('<') && !rest.startsWith('<!--') ? `${line.slice(0, indent)}<!--tidings@${fileIndex}:${i + 1}-->${rest}` : line;
    })
    .join('\n');
}

/** The template (file index, line) that produced line `mjmlLine` (1-based) of a marked document, or undefined. */
export function placeLine(marked: string, mjmlLine: number): { fileIndex: number; line: number } | undefined {
  const lines = marked.split('\n');
  const here = lines[mjmlLine - 1];
  if (here === undefined) return undefined;
  const own = [...here.matchAll(MARKER)][0];
  if (own) return toPlace(own);
  for (let i = mjmlLine - 2; i >= 0; i--) {
    const found = [...(lines[i] ?? '').matchAll(MARKER)].pop();
    if (found) return toPlace(found);
  }
  return undefined;
}

function toPlace(match: RegExpMatchArray): { fileIndex: number; line: number } {
  return { fileIndex: Number(match[1]), line: Number(match[2]) };
}
