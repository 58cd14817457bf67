import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { WriteError } from '../../src/build/index.js';
import { planIssues } from '../../src/digest/index.js';
import { classifySmtpError, createOutboxTransport } from '../../src/mail/transport/index.js';
import { makeSite, REPO } from '../helpers/site.js';
import { mountTinyDisk } from '../helpers/tiny-disk.js';
import { SECRET } from '../send/helpers.js';

const mounted = await mountTinyDisk('4m');
const disk = mounted.disk;
afterAll(() => disk?.unmount());

describe.skipIf(disk === undefined)(`the outbox on a full disk${mounted.skip ? ` (skipped: ${mounted.skip})` : ''}`, () => {
  const tiny = (): NonNullable<typeof disk> => disk as NonNullable<typeof disk>;
  afterEach(() => tiny().empty());

  it('fails that message as a passing failure, naming the file and the cause, and leaves no file behind', async () => {
    const dir = path.join(tiny().dir, 'outbox');
    const outbox = createOutboxTransport({ dir });
    await outbox.send({ from: 'roundup@example.org', to: 'ann@example.org', subject: 'Fits', text: 'Hi' });
    await tiny().fill(0);
    const error: unknown = await outbox.send({ from: 'roundup@example.org', to: 'bob@example.org', subject: 'Does not fit', text: 'x'.repeat(64 * 1024) }).catch((e: unknown) => e);
    await outbox.close();
    expect(error).toBeInstanceOf(WriteError);
    expect(error).toMatchObject({ kind: 'disk-full', code: 'ENOSPC' });
    const failure = classifySmtpError(error);
    expect(failure).toMatchObject({ kind: 'transient', fatal: false });
    expect(failure.reason).toMatch(/^cannot write .*\/outbox\/\d{8}T\d{9}Z-[0-9a-f]{16}\.eml: ENOSPC: the disk is full \(/);
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('tidings send stops, keeps every delivery pending and says why; a rerun with room writes each due message once', async () => {
    const demo = await readFile(path.join(REPO, 'tidings.config.yaml'), 'utf8');
    const site = await makeSite({ seeds: true, config: `${demo}\nbuild:\n  outDir: ${path.join(tiny().dir, 'out')}\nsubscriptions:\n  secret: ${SECRET}\n` });
    const app = await openApp({ cwd: site.dir, env: {} });
    try {
      expect((await site.run('import')).code).toBe(0);
      const issue = planIssues(await app.store.listPosts(), app.config).issues.at(-1);
      if (issue === undefined) throw new Error('the demo content has no roundup');
      await app.store.upsertSubscribers(Array.from({ length: 60 }, (_, i) => ({ email: `reader${i}@example.org`, status: 'active' as const })));

      await tiny().fill(0);
      const full = await site.run('send', '--issue', issue.id);
      expect(full.code).toBe(1);
      expect(`${full.out}${full.err}`).not.toMatch(/unexpected failure|\n\s+at /);
      expect(`${full.out}${full.err}`).toMatch(/ENOSPC: the disk is full/);
      expect(await app.store.deliveryCounts(issue.id)).toMatchObject({ total: 60, pending: 60, sent: 0, failed: 0, unknown: 0 });

      // With room again, a rerun writes the deliveries that are due (the others wait out their retry delay): each once, none failed.
      await tiny().empty();
      const again = await site.run('send', '--issue', issue.id);
      expect(`${again.out}${again.err}`).not.toMatch(/unexpected failure|ENOSPC/);
      const counts = await app.store.deliveryCounts(issue.id);
      expect(counts).toMatchObject({ total: 60, failed: 0, unknown: 0 });
      expect(counts.sent + counts.pending).toBe(60);
      expect((await readdir(path.join(tiny().dir, 'out', 'outbox'))).filter((name) => name.endsWith('.eml'))).toHaveLength(counts.sent);
    } finally {
      await app.close();
      await site.cleanup();
    }
  });
});
