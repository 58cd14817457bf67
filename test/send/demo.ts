import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../src/app.js';
import { openApp } from '../../src/app.js';
import type { Issue } from '../../src/digest/index.js';
import { planIssues } from '../../src/digest/index.js';
import { defaultImportDeps } from '../../src/app/import-deps.js';
import { runImport } from '../../src/import/run-import.js';
import { makeSite, REPO, type Site } from '../helpers/site.js';
import { SECRET } from './helpers.js';

/**
 * The demo blog (content/imports, the demo config) in a throwaway site
 * that sends through `smtpUrl`: https links, a signing secret, a pool of
 * `maxConnections`, and a sender's lease of `leaseSeconds` when given;
 * `extraConfig` (top-level YAML) is added at the end.
 */
export async function demoSendSite(
  smtpUrl: string,
  maxConnections = 5,
  leaseSeconds?: number,
  extraConfig = '',
  /** A store URL (postgres://…) in place of the demo's SQLite file. */
  storeUrl?: string,
): Promise<{ site: Site; app: App; issue: Issue; close: () => Promise<void> }> {
  const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
  const withSite = demo.replace(/^ {2}baseUrl: .*$/m, '  baseUrl: https://blog.example.org/');
  const config = `${storeUrl === undefined ? withSite : withSite.replace(/^store:\n {2}path: .*$/m, `store:\n  url: ${storeUrl}`)}
smtp:
  url: ${smtpUrl}
  pool:
    maxConnections: ${maxConnections}
subscriptions:
  secret: ${SECRET}
${leaseSeconds === undefined ? '' : `send:\n  leaseSeconds: ${leaseSeconds}\n`}${extraConfig}`;
  const site = await makeSite({ seeds: true, config });
  const app = await openApp({ cwd: site.dir, env: {} });
  await runImport(['content/imports'], defaultImportDeps(app, site.dir));
  const { issues } = planIssues(await app.store.listPosts(), app.config);
  // The issue with the most sections: the one that makes the most variants.
  const issue = [...issues].sort((a, b) => b.sections.length - a.sections.length || b.postCount - a.postCount)[0] as Issue;
  return {
    site,
    app,
    issue,
    close: async () => {
      await app.close();
      await site.cleanup();
    },
  };
}
