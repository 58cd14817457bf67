import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { REPO, tsxArgs, type Site } from './site.js';

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  /** The server's URL, once it listens. */
  ready: Promise<string>;
  output(): { out: string; err: string };
}

/** `tidings serve --port 0` in a child process in a site's folder; `ready` resolves with its URL once it listens. */
export function serve(site: Site, env: NodeJS.ProcessEnv): ServeProcess {
  const child = spawn(process.execPath, [...tsxArgs(path.join(REPO, 'src/cli/run.ts')), 'serve', '--port', '0'], {
    cwd: site.dir,
    env: { PATH: process.env.PATH, ...env },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
  return { child, ready, output: () => ({ out, err }) };
}

/** SIGTERM, then its exit code. */
export async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}
