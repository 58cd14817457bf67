import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { restoreStencil, stencilKept, stencilSnapshot, stencilStarted } from '../digest/render/stencil.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { codeVersion } from './code-version.js';
import { digest } from './output-keys.js';

/**
 * What the stencil path (digest/render/stencil.ts) learned of the roundup
 * templates, kept in the output folder beside the list of files: the next
 * build starts from it, and a roundup made only of fragments seen before
 * (the week a new post joins) is joined without loading MJML. Keyed by the
 * templates' fingerprint and the code's version (MJML's among them, by the
 * lock file): any other key, a missing or unreadable file, is a model
 * learned again. A cache: never listed, never served (a dot file), and a
 * build never fails over it.
 */
export const STENCIL_FILE = '.tidings-stencil';

function keyOf(templates: DigestTemplates): string {
  return digest(['stencil', codeVersion(), templates.fingerprint]);
}

/** Starts the templates' stencil path from the kept file, when there is one for them; true when it did. */
export async function restoreKept(outDir: string, templates: DigestTemplates): Promise<boolean> {
  // A long-running process (the preview, the scheduler) has the model already: the file is not read again at every build.
  if (stencilStarted(templates)) return false;
  let kept: unknown;
  try {
    kept = JSON.parse(await readFile(path.join(outDir, STENCIL_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (kept === null || typeof kept !== 'object') return false;
  const { key, snapshot } = kept as { key?: unknown; snapshot?: unknown };
  return key === keyOf(templates) && restoreStencil(templates, snapshot);
}

/** Keeps what was learned since the start (nothing is written when nothing was). */
export async function keepLearned(outDir: string, templates: DigestTemplates): Promise<void> {
  const snapshot = stencilSnapshot(templates);
  if (snapshot === undefined) return;
  try {
    await writeFileAtomic(path.join(outDir, STENCIL_FILE), JSON.stringify({ key: keyOf(templates), snapshot }));
    stencilKept(templates);
  } catch {
    // Taken again after the next build (or the next process learns the fragments again): slower, never wrong.
  }
}
