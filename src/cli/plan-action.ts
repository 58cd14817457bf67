import type { App } from '../app.js';
import { readPlan } from '../explain/read.js';
import { planText } from '../explain/text.js';
import { EXIT_OK } from '../errors.js';
import type { CommandContext } from './main.js';

export interface PlanFlags {
  issue?: string;
  subscriber?: string;
  json?: boolean;
}

/** What `tidings plan` runs (imported by plan.ts only when the command runs: its --help loads none of this). */
export async function plan(ctx: CommandContext, app: App, flags: PlanFlags): Promise<number> {
  const request = { ...(flags.issue !== undefined ? { issue: flags.issue } : {}), ...(flags.subscriber !== undefined ? { subscriber: flags.subscriber } : {}) };
  const explained = await readPlan(app.store, app.config, app.now(), request);
  if (flags.json) ctx.io.out(JSON.stringify(explained, null, 2));
  else for (const line of planText(explained, app.config.site.timeZone)) ctx.io.out(line);
  return EXIT_OK;
}
