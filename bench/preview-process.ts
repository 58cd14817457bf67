/**
 * `tidings preview` as a user runs it (compiled: bin/tidings.js), on free ports, for the preview bench:
 * its output lines, each with the moment it arrived, and its address once it serves.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const TIDINGS = path.join(import.meta.dirname, '..', 'bin', 'tidings.js');

export interface LogLine {
  /** performance.now() when the line arrived. */
  readonly at: number;
  readonly text: string;
}

export interface PreviewProcess {
  readonly url: string;
  /** Every line of its stdout and stderr so far. */
  readonly lines: readonly LogLine[];
  /** The first line after `since` that matches, when it arrives. */
  lineAfter(since: number, match: RegExp, timeoutMs?: number): Promise<LogLine>;
  /** Stops it (SIGINT, as Ctrl-C: a CPU profile asked for is written) and waits for its exit. */
  stop(): Promise<void>;
}

/** Starts the preview in `siteDir`; `nodeArgs` go to node (e.g. --cpu-prof). Resolves once it serves. */
export async function startPreviewProcess(siteDir: string, nodeArgs: readonly string[] = [], timeoutMs = 600_000): Promise<PreviewProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...nodeArgs, TIDINGS, 'preview', '--port', '0', '--inbox-port', '0'], { cwd: siteDir, stdio: 'pipe' });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const collect = (stream: NodeJS.ReadableStream): void => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const at = performance.now();
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) lines.push({ at, text });
      for (const w of waiters) w();
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  const lineAfter = (since: number, match: RegExp, wait = 120_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find((l) => l.at >= since && match.test(l.text));
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`tidings preview: no line matching ${match} within ${wait} ms; its output:\n${lines.slice(-20).map((l) => l.text).join('\n')}`));
      }, wait);
      waiters.add(check);
      check();
    });

  const ready = await Promise.race([
    lineAfter(0, /^tidings preview at /, timeoutMs),
    exited.then(() => {
      throw new Error(`tidings preview exited:\n${lines.map((l) => l.text).join('\n')}`);
    }),
  ]);
  const url = /^tidings preview at (\S+)/.exec(ready.text)?.[1] ?? '';
  return {
    url,
    lines,
    lineAfter,
    async stop() {
      child.kill('SIGINT');
      await exited;
    },
  };
}
