/**
 * What changed on disk, in the terms a preview refresh acts on: the
 * config, the templates, or content files (which are re-imported one by
 * one). Pure: merging and classifying never touch the file system.
 */
export interface ChangeSet {
  /** The config file was written, created or removed. */
  readonly config: boolean;
  /** A template under the templates folder was written, created or removed. */
  readonly templates: boolean;
  /** Content files (absolute paths) written or created, in the order first seen. */
  readonly content: readonly string[];
}

export const NO_CHANGES: ChangeSet = Object.freeze({ config: false, templates: false, content: Object.freeze([]) });

export function isEmpty(changes: ChangeSet): boolean {
  return !changes.config && !changes.templates && changes.content.length === 0;
}

/** Both change sets in one (content paths once each, first seen first). */
export function mergeChanges(a: ChangeSet, b: ChangeSet): ChangeSet {
  return {
    config: a.config || b.config,
    templates: a.templates || b.templates,
    content: [...new Set([...a.content, ...b.content])],
  };
}

export function describeChanges(changes: ChangeSet, shown: (file: string) => string): string {
  const parts: string[] = [];
  if (changes.config) parts.push('the config');
  if (changes.templates) parts.push('the templates');
  if (changes.content.length === 1) parts.push(shown(changes.content[0] ?? ''));
  else if (changes.content.length > 1) parts.push(`${changes.content.length} content files`);
  return parts.join(', ') || 'nothing';
}
