import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { openApp } from '../../src/app.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { runImport } from '../../src/import/run-import.js';
import { REPO } from '../helpers/site.js';
import { siteDir } from './helpers.js';

/** The demo blog (content/imports with the demo config) imported as `tidings import` does, in a throwaway site. */
export async function demoSite(): Promise<{ app: App; dir: string; cleanup: () => Promise<void> }> {
  const site = await siteDir();
  await cp(path.join(REPO, 'tidings.config.yaml'), path.join(site.dir, 'tidings.config.yaml'));
  await cp(path.join(REPO, 'content'), path.join(site.dir, 'content'), { recursive: true });
  const app = await openApp({ cwd: site.dir, env: {} });
  await runImport(['content'], defaultImportDeps(app, site.dir));
  return {
    app,
    dir: site.dir,
    cleanup: async () => {
      await app.close();
      await site.cleanup();
    },
  };
}
