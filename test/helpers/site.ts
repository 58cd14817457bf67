import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SEEDS = path.join(REPO, 'content', 'imports');

export interface Site {
  dir: string;
  /** Runs `tidings <args>` in-process in this site; returns the exit code and what it printed. */
  run(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  write(rel: string, text: string | Buffer): Promise<string>;
  cleanup(): Promise<void>;
}

/** A throwaway site folder with the demo config (and optionally the demo content). */
export async function makeSite(opts: { seeds?: boolean; config?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Site> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-test-'));
  if (opts.config !== undefined) await writeFile(path.join(dir, 'tidings.config.yaml'), opts.config);
  else await cp(path.join(REPO, 'tidings.config.yaml'), path.join(dir, 'tidings.config.yaml'));
  if (opts.seeds) await cp(SEEDS, path.join(dir, 'content', 'imports'), { recursive: true });
  return {
    dir,
    async run(...args) {
      let out = '';
      let err = '';
      const io: CliIO = {
        cwd: dir,
        env: { PATH: process.env.PATH, ...opts.env },
        out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
        err: (t) => void (err += t.endsWith('\n') ? t : `${t}\n`),
        isTTY: false,
      };
      const code = await main(args, io);
      return { code, out, err };
    },
    async write(rel, text) {
      const file = path.join(dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `node --import tsx` arguments that run a TypeScript file in a child process, from any folder. */
export function tsxArgs(script: string): string[] {
  return ['--import', import.meta.resolve('tsx'), script];
}
