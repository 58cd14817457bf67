import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A real, small file system (tmpfs) that a test can fill up. */
export interface TinyDisk {
  /** Where it is mounted. */
  readonly dir: string;
  /** Bytes still free. */
  free(): Promise<number>;
  /** Fills the disk with a file of its own (`.filler`) until only about `leave` bytes are free. */
  fill(leave?: number): Promise<void>;
  /** Removes the filler. */
  empty(): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * Mounts a tmpfs of `size` (mount's syntax: '256k', '4m') in a fresh
 * folder. Needs root (CI and the development machine run tests as root);
 * otherwise, or when mount fails, `skip` says why, for the test to skip
 * with that reason.
 */
export async function mountTinyDisk(size: string): Promise<{ disk: TinyDisk; skip?: undefined } | { disk?: undefined; skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small tmpfs' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tidings-tiny-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs: ${(error as Error).message.trim()}` };
  }
  const filler = path.join(dir, '.filler');
  const free = async (): Promise<number> => {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  };
  return {
    disk: {
      dir,
      free,
      async fill(leave = 0) {
        const handle = await open(filler, 'a');
        try {
          for (let room = (await free()) - leave; room > 0; room = (await free()) - leave) {
            await handle.write(Buffer.alloc(Math.min(room, 1 << 20), 0x2e));
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        } finally {
          await handle.close();
        }
      },
      empty: () => rm(filler, { force: true }),
      async unmount() {
        await run('umount', [dir]);
        await rm(dir, { recursive: true, force: true });
      },
    },
  };
}
