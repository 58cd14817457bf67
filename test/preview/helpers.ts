import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../src/preview/index.js';
import { REPO, type Site } from '../helpers/site.js';

/** Debian's Chromium, as CI installs it. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Waits on a loaded 2-core machine: generous, never a fixed sleep. */
export const SLOW = { timeout: 20_000 } as const;

/** Per test: several generous waits in a row. */
export const TEST_TIMEOUT = 120_000;

export interface PreviewRun {
  preview: RunningPreview;
  /** Everything the preview logged, one entry per message. */
  logs: string[];
}

/** `tidings preview` in-process on free ports for a site. */
export async function previewSite(site: Site): Promise<PreviewRun> {
  const logs: string[] = [];
  const preview = await startPreview({
    cwd: site.dir,
    env: { PATH: process.env.PATH },
    port: 0,
    inboxPort: 0,
    log: (level, message) => void logs.push(`${level}: ${message}`),
  });
  return { preview, logs };
}

/** Where the test run leaves screenshots for a person to look at (gitignored). */
export async function screenshotPath(name: string): Promise<string> {
  const dir = path.join(REPO, 'test-results');
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}
