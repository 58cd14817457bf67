import type { App } from '../app/open-app.js';
import type { CommandContext } from './main.js';

/**
 * Opens the app (config + store) for one command and always closes it.
 * The composition root is imported here, when a command runs, not with the
 * command's file: its --help loads no config schema or store. From its own
 * file, not the app.ts entry: a command opening its app loads no sending
 * check or webhook sink.
 */
export async function withApp<T>(ctx: CommandContext, fn: (app: App) => Promise<T>): Promise<T> {
  const { openApp } = await import('../app/open-app.js');
  const configFile = ctx.configFile();
  const app = await openApp({ cwd: ctx.io.cwd, env: ctx.io.env, ...(configFile ? { configFile } : {}) });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
