/**
 * The scheduler's log: one JSON line per event on stdout,
 * `{"time":…,"level":…,"event":…, …fields}`, so that a service manager's
 * journal or any log shipper can read it. Errors carry their message and
 * their chain of causes.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface EventLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, error: unknown, fields?: LogFields): void;
}

export interface LogEntry extends LogFields {
  time: string;
  level: LogLevel;
  event: string;
}

/** A log writing one JSON line per event through `write`, stamped with `now`. */
export function jsonLineLog(write: (line: string) => void, now: () => Date): EventLog {
  const emit = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    const entry: LogEntry = { time: now().toISOString(), level, event, ...fields };
    write(JSON.stringify(entry, replacer));
  };
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, error, fields) => emit('error', event, { ...fields, error: describeError(error) }),
  };
}

/** A log that keeps its entries (in `entries`, when given), for tests. */
export function memoryLog(now: () => Date, entries: LogEntry[] = []): EventLog & { entries: LogEntry[] } {
  const log = jsonLineLog((line) => entries.push(JSON.parse(line) as LogEntry), now);
  return Object.assign(log, { entries });
}

export interface ErrorDescription {
  message: string;
  name?: string;
  cause?: ErrorDescription;
}

/** An error as plain data: its message, name, and the chain of causes (at most 8 deep). */
export function describeError(error: unknown, depth = 0): ErrorDescription {
  if (!(error instanceof Error)) return { message: String(error) };
  const description: ErrorDescription = { message: error.message };
  if (error.name && error.name !== 'Error') description.name = error.name;
  if (error.cause !== undefined && depth < 8) description.cause = describeError(error.cause, depth + 1);
  return description;
}

/** The message of an error and its causes in one line: "a: b: c". */
export function errorLine(error: unknown): string {
  const parts: string[] = [];
  for (let d: ErrorDescription | undefined = describeError(error); d !== undefined; d = d.cause) {
    if (!parts.some((part) => part.includes(d!.message))) parts.push(d.message);
  }
  return parts.join(': ');
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return describeError(value);
  return value;
}
