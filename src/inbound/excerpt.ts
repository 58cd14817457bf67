/** The evidence kept with an event: what the report says, trimmed to about `max` characters, line ends made `\n`. Pure. */
export function excerpt(parts: readonly (string | null | undefined)[], max = 4000): string {
  const text = parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim())
    .join('\n\n--\n\n');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first `lines` non-empty lines of a text. */
export function firstLines(text: string | null | undefined, lines: number): string {
  if (!text) return '';
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, lines)
    .join('\n');
}
