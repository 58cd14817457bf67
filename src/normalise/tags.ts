/** A post's tags: as written, empty ones dropped, each once whatever its case (the first spelling kept). */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const tag of tags) {
    const key = tag.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    kept.push(tag.trim());
  }
  return kept;
}
