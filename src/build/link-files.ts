import { readFileSync, statSync } from 'node:fs';
import type { LinkFiles } from './post-links.js';

/** The file system as the link resolver asks it, each answer kept for the build. */
export function fsLinkFiles(): LinkFiles {
  const isFile = new Map<string, boolean>();
  const texts = new Map<string, string | undefined>();
  return {
    isFile(file) {
      let known = isFile.get(file);
      if (known === undefined) {
        known = statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
        isFile.set(file, known);
      }
      return known;
    },
    text(file) {
      if (!texts.has(file)) {
        try {
          texts.set(file, readFileSync(file, 'utf8'));
        } catch {
          texts.set(file, undefined);
        }
      }
      return texts.get(file);
    },
  };
}
