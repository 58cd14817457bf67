import type { Config } from '../../config/schema.js';
import { openTransport } from '../../mail/transport/index.js';
import type { MailTransport } from '../../mail/transport/types.js';

/**
 * A worker's own connections to the relay. The one place the queue opens a
 * transport, so that the composition root can hand it one instead.
 */
export function openWorkerTransport(config: Config, env: NodeJS.ProcessEnv, rootDir: string): Promise<MailTransport> {
  return openTransport(config, env, { rootDir });
}
