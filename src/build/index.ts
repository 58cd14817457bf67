export type { BuildLog, BuildOptions, BuildReport, HubReport } from './build-site.js';
export { buildSite } from './build-site.js';
export type { FileContent, WriteOutcome } from './atomic-write.js';
export { writeFileAtomic } from './atomic-write.js';
export type { SiteFile, SitePlan } from './site-files.js';
export { planSite } from './site-files.js';
export type { HubNotifier } from './websub.js';
export { HUB_TIMEOUT_MS, publishToHub } from './websub.js';
