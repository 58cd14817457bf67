import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import type { BuildLog, BuildReport } from './build-report.js';
import { stillCurrent } from './build-state.js';
import { codeVersion } from './code-version.js';
import type { LastBuild } from './manifest.js';
import { readManifest } from './manifest.js';
import { digest, environmentKey } from './output-keys.js';
import { unchangedBuild } from './unchanged-build.js';
import type { HubNotifier } from './websub.js';
import { notifyHub, publishToHub } from './websub.js';

/** What a build starts from: its environment, the store's version, and the last build's list and state. */
export interface BuildStart {
  /** output-keys.ts environmentKey: what every output's key starts from. */
  readonly environment: string;
  /** The store's version before anything is read: a change committed during the build moves it, and the next build plans again. */
  readonly version: string;
  /** The key the build's state is kept under (build-state.ts). */
  readonly stateKey: string;
  /** Which files the last build made, with its record of each (size, mtime, hash) to know them again without reading them. */
  readonly last: LastBuild;
}

export interface StartInputs {
  readonly store: Pick<Store, 'contentVersion' | 'keptHubNotices' | 'keepHubNotices' | 'dropHubNotices'>;
  readonly config: Config;
  /** Absolute. */
  readonly outDir: string;
  readonly now: Date;
  readonly future: boolean;
  /** Absolute: the folder relative links resolve from. */
  readonly sourcesDir: string;
  readonly verify: boolean;
  /** The roundup templates' fingerprint (templatesFingerprint), when the roundups are built. */
  readonly templates?: string;
  /** The sign-up template's text, when the pages link to the subscription page. */
  readonly signUp?: string;
  readonly log: BuildLog;
  readonly notifyHub?: HubNotifier;
}

/**
 * A build's first step, and all of it when nothing it reads has changed
 * (build-state.ts): then `report` is the last build's report again. It
 * needs neither the posts nor the compiled templates, only their
 * fingerprints, so `tidings build` runs it before loading anything that
 * renders (cli/build-action.ts); buildSite runs it too.
 */
export async function startBuild(inputs: StartInputs): Promise<{ start: BuildStart; report?: BuildReport }> {
  const { store, config, now, future, outDir, sourcesDir } = inputs;
  const environment = environmentKey({ code: codeVersion(), config, ...(inputs.templates !== undefined && { templates: inputs.templates }), ...(inputs.signUp !== undefined && { signUp: inputs.signUp }) });
  const version = await store.contentVersion();
  const stateKey = digest(['build state', environment, version, future ? 'future' : 'now', sourcesDir]);
  const last = await readManifest(outDir);
  const start: BuildStart = { environment, version, stateKey, last };
  if (inputs.verify || !last.state || !stillCurrent(last.state, stateKey, now, outDir, last.files)) return { start };
  const hub = config.feeds.hub;
  const report = await unchangedBuild(last.state, { outDir, listed: [...last.files.keys()].sort(), log: inputs.log, future, roundups: inputs.templates !== undefined }, (changed) =>
    hub ? notifyHub(store, hub, changed, inputs.notifyHub ?? publishToHub, inputs.log) : Promise.resolve(undefined),
  );
  return { start, report };
}
