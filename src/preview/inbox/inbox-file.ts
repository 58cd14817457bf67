import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { smtpAnswers } from './probe.js';

/**
 * `.tidings/preview.json` in the site's folder (beside the default store,
 * .tidings/tidings.db): written while `tidings preview` runs, removed when
 * it stops. It tells other commands (`tidings send`) where the preview's
 * inbox listens, so that their messages land there when no relay is set.
 */
export interface InboxFile {
  /** smtp://127.0.0.1:1025 */
  readonly smtpUrl: string;
  /** The preview's pages: http://127.0.0.1:4321/ */
  readonly previewUrl: string;
  readonly pid: number;
  /** ISO 8601 instant. */
  readonly startedAt: string;
}

export function inboxFilePath(rootDir: string): string {
  return path.join(rootDir, '.tidings', 'preview.json');
}

export async function writeInboxFile(rootDir: string, content: InboxFile): Promise<void> {
  await writeFileAtomic(inboxFilePath(rootDir), `${JSON.stringify(content, null, 2)}\n`);
}

/** Removes the file if it is still this process's (a preview started since keeps its own). */
export async function removeInboxFile(rootDir: string, pid: number = process.pid): Promise<void> {
  const current = await readInboxFile(rootDir);
  if (current === null || current.pid === pid) await rm(inboxFilePath(rootDir), { force: true });
}

export async function readInboxFile(rootDir: string): Promise<InboxFile | null> {
  let text: string;
  try {
    text = await readFile(inboxFilePath(rootDir), 'utf8');
  } catch {
    return null;
  }
  return parseInboxFile(text);
}

/** The file's content, or null when it is not what a preview writes. Pure. */
export function parseInboxFile(text: string): InboxFile | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { smtpUrl, previewUrl, pid, startedAt } = value as Record<string, unknown>;
  if (typeof smtpUrl !== 'string' || !/^smtp:\/\/[^/\s]+:\d+$/.test(smtpUrl)) return null;
  return {
    smtpUrl,
    previewUrl: typeof previewUrl === 'string' ? previewUrl : '',
    pid: typeof pid === 'number' ? pid : 0,
    startedAt: typeof startedAt === 'string' ? startedAt : '',
  };
}

/**
 * The SMTP URL of the inbox of a `tidings preview` running for the site in
 * `rootDir`, or null when none runs (no file, or a file left by a preview
 * that died: its port does not answer as an SMTP server).
 */
export async function runningInboxUrl(rootDir: string): Promise<string | null> {
  const file = await readInboxFile(rootDir);
  if (file === null) return null;
  const url = new URL(file.smtpUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return (await smtpAnswers(host, Number(url.port))) ? file.smtpUrl : null;
}
