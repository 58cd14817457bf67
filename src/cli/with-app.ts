// From its own file, not the app.ts entry: a command opening its app loads no sending check or webhook sink.
import { openApp, type App } from '../app/open-app.js';
import type { CommandContext } from './main.js';

/** Opens the app (config + store) for one command and always closes it. */
export async function withApp<T>(ctx: CommandContext, fn: (app: App) => Promise<T>): Promise<T> {
  const configFile = ctx.configFile();
  const app = await openApp({ cwd: ctx.io.cwd, env: ctx.io.env, ...(configFile ? { configFile } : {}) });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
