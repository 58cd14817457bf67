import type { App } from '../app.js';
import { openApp } from '../app.js';
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
