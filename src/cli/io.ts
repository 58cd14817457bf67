import { processEnvironment } from '../app/environment.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
  stderr?: NodeJS.WritableStream;
  /** What `tidings inbound -` reads (default: the process's stdin). */
  stdin?: NodeJS.ReadableStream;
}

export function processIO(): CliIO {
  const out = quietWhenClosed(process.stdout);
  return {
    cwd: process.cwd(),
    env: processEnvironment(),
    out: (t) => out(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    stderr: process.stderr,
    stdin: process.stdin,
  };
}

/**
 * A writer to `stream` that goes quiet once the reader has gone (EPIPE:
 * `tidings posts | head`): the command finishes as usual, without a stack
 * trace, and writes nothing more. Any other error on the stream still throws.
 */
export function quietWhenClosed(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
