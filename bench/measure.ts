/**
 * One whole process, timed from outside: wall time from spawn to exit, and the peak resident set from the
 * kernel's rusage through GNU time (/usr/bin/time, Debian package `time`), which counts the largest of the
 * process and the children it waited for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Run } from './build-table.js';

const TIME = '/usr/bin/time';

export function haveTime(): boolean {
  return existsSync(TIME);
}

export interface Spawn {
  command: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `s` to its end; throws with its output if it fails. */
export function measure(s: Spawn): Run {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-time-'));
  const file = path.join(dir, 'rusage');
  try {
    const t0 = performance.now();
    const r = spawnSync(TIME, ['-f', '%M', '-o', file, s.command, ...s.args], { cwd: s.cwd, env: s.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${s.command} ${s.args.join(' ')} (in ${s.cwd}) exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    const kb = Number(readFileSync(file, 'utf8').trim().split('\n').pop());
    return { ms, peakRssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
