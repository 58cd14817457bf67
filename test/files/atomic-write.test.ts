import { mkdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFully, type ByteSink } from '../../src/files/atomic-write.js';
import { WriteError } from '../../src/files/write-error.js';
import { writeFileAtomic } from '../../src/files/atomic-write.js';
import { listFiles, tempDir } from '../build/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('writeFileAtomic', () => {
  it('creates the file and its folders', async () => {
    const file = path.join(dir, 'a', 'b', 'feed.xml');
    expect(await writeFileAtomic(file, '<rss/>\n')).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('<rss/>\n');
  });

  it('leaves a file with the same bytes alone, mtime included', async () => {
    const file = path.join(dir, 'feed.xml');
    await writeFileAtomic(file, 'same “bytes”');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    expect(await writeFileAtomic(file, [Buffer.from('same '), Buffer.from('“bytes”')])).toBe('unchanged');
    expect((await stat(file)).mtime.toISOString()).toBe(past.toISOString());
  });

  it('replaces a changed file whole, pieces in order, and leaves no temporary file', async () => {
    const file = path.join(dir, 'feed.json');
    await writeFileAtomic(file, 'old content that is longer');
    expect(await writeFileAtomic(file, [Buffer.from('{"a":'), Buffer.from('1}'), Buffer.from('\n')])).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await listFiles(dir)).toEqual(['feed.json']);
  });

  it('sees a change of the same length', async () => {
    const file = path.join(dir, 'x.txt');
    await writeFileAtomic(file, 'abc');
    expect(await writeFileAtomic(file, 'abd')).toBe('written');
    expect(await readFile(file, 'utf8')).toBe('abd');
  });

  it('fails with the file in the message, and cleans up, when the target cannot be replaced', async () => {
    const target = path.join(dir, 'index.html');
    await mkdir(path.join(target, 'inside'), { recursive: true });
    const error: unknown = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect(error).toMatchObject({ kind: 'path', file: target, code: 'EISDIR', exitCode: 1 });
    expect((error as Error).message).toBe(`cannot write ${target}: EISDIR: a folder stands where the file should be (remove or rename that folder; the previous file is unchanged)`);
    expect(await listFiles(dir)).toEqual([]);
  });
});

/** A disk that takes at most `take` bytes a call, as a full or busy disk may; it records what it got. */
function stingySink(take: number): ByteSink & { bytes: Buffer; calls: { position: number; offered: number }[] } {
  const sink = {
    bytes: Buffer.alloc(0),
    calls: [] as { position: number; offered: number }[],
    writev(buffers: Uint8Array[], position: number) {
      const offered = Buffer.concat(buffers);
      sink.calls.push({ position, offered: offered.length });
      const taken = offered.subarray(0, take);
      const out = Buffer.alloc(Math.max(sink.bytes.length, position + taken.length));
      sink.bytes.copy(out);
      taken.copy(out, position);
      sink.bytes = out;
      return Promise.resolve({ bytesWritten: taken.length });
    },
  };
  return sink;
}

describe('writeFully', () => {
  it('writes on after a short write until every byte is there, pieces in order', async () => {
    const sink = stingySink(4);
    const pieces = [Buffer.from('<feed>'), Buffer.alloc(0), Buffer.from('“entry”'), Buffer.from('</feed>\n')];
    expect(await writeFully(sink, pieces)).toBe(Buffer.concat(pieces).length);
    expect(sink.bytes.toString()).toBe('<feed>“entry”</feed>\n');
    // Each call starts where the last one stopped and offers only what is left (a piece split in the middle of a character too).
    expect(sink.calls.map((c) => c.position)).toEqual([0, 4, 8, 12, 16, 20, 24]);
    expect(sink.calls.map((c) => c.offered)).toEqual([25, 21, 17, 13, 9, 5, 1]);
  });

  it('fails, instead of looping or pretending, when the disk takes nothing', async () => {
    const sink = stingySink(0);
    await expect(writeFully(sink, [Buffer.from('abc')])).rejects.toThrow('the disk took no more bytes after 0 of 3');
  });

  it('passes on the error of the call after a short write (how a full disk answers)', async () => {
    let calls = 0;
    const sink: ByteSink = {
      writev: (buffers) => {
        calls += 1;
        if (calls === 1) return Promise.resolve({ bytesWritten: Math.floor(Buffer.concat(buffers).length / 2) });
        return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    };
    await expect(writeFully(sink, [Buffer.alloc(10_000)])).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(calls).toBe(2);
  });
});
