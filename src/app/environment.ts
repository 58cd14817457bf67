/**
 * The environment, read here and nowhere else (src/config/load.ts applies
 * its overrides of config keys: TIDINGS_STORE_URL, TIDINGS_SMTP_URL,
 * TIDINGS_SECRET, the webhook secrets). Kept free of heavy imports: the
 * CLI's entry reads it before it knows which command runs.
 */

/** The process's environment: what a command gets as `CliIO.env` unless a test passes its own. */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}

/** What the environment says beyond the config keys, read once when the app opens. */
export interface AppEnvironment {
  /** TIDINGS_SMTP_WIRE=nodemailer: the whole send over nodemailer's SMTPConnection (the bench's switch, docs/benchmarks.md). */
  readonly smtpWire: 'own' | 'nodemailer';
  /** TIDINGS_QUEUE_URL: a PostgreSQL database for the send queue beside a SQLite store (tests and the bench; send/queue/location.ts). */
  readonly queueUrl?: string;
  /** A variable the config names by name (inbound.imap.passwordEnv); undefined when unset or empty. */
  variable(name: string): string | undefined;
}

export function readEnvironment(env: NodeJS.ProcessEnv): AppEnvironment {
  return {
    smtpWire: env.TIDINGS_SMTP_WIRE === 'nodemailer' ? 'nodemailer' : 'own',
    ...(env.TIDINGS_QUEUE_URL ? { queueUrl: env.TIDINGS_QUEUE_URL } : {}),
    variable: (name) => (env[name] === undefined || env[name] === '' ? undefined : env[name]),
  };
}

/** TIDINGS_DEBUG=1: an unexpected failure is printed with its stack. */
export function debugEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.TIDINGS_DEBUG === '1';
}
