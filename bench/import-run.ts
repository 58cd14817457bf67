/** One case of bench/import-case.ts in its own process, in `dir`: what it measured. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface Row {
  posts: number;
  ms: number;
  peakRssMb: number;
}

export function runCase(dir: string, ...args: string[]): Row {
  const out = execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(import.meta.dirname, 'import-case.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Row;
}
