import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeSite, type Site } from '../helpers/site.js';

describe('tidings subscribers', () => {
  let site: Site;
  beforeEach(async () => {
    site = await makeSite();
  });
  afterEach(async () => {
    await site.cleanup();
  });

  const listJson = async (...args: string[]) => {
    const r = await site.run('subscribers', 'list', '--json', ...args);
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as { email: string; status: string; themes: string[]; name: string }[];
  };

  it('adds, lists and removes subscribers, without a secret configured', async () => {
    const added = await site.run('subscribers', 'add', 'Ann@Example.ORG', '--name', 'Ann Lee', '--themes', 'workforce;blame-and-culture');
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toBe('added Ann@example.org (active, themes: workforce blame-and-culture)\n');
    await site.run('subscribers', 'add', 'bob@example.org', '--status', 'pending');

    const list = await site.run('subscribers', 'list');
    expect(list.out).toBe('1  Ann@example.org  active, themes: workforce blame-and-culture  Ann Lee\n2  bob@example.org  pending, every theme\n2 subscriber(s)\n');
    expect((await listJson('--status', 'pending')).map((s) => s.email)).toEqual(['bob@example.org']);

    const removed = await site.run('subscribers', 'remove', 'ann@example.org', 'nobody@example.org');
    expect(removed.code).toBe(2);
    expect(removed.out).toBe('removed Ann@example.org\n');
    expect(removed.err).toContain('no subscriber nobody@example.org');
    expect((await listJson()).map((s) => s.email)).toEqual(['bob@example.org']);
  });

  it('refuses bad input with exit code 2 and says what to do', async () => {
    const injected = await site.run('subscribers', 'add', 'ann@example.org\r\nBcc: x@example.net');
    expect(injected.code).toBe(2);
    expect(injected.err).toMatch(/line break .*header injection/);
    const theme = await site.run('subscribers', 'add', 'ann@example.org', '--themes', 'cooking');
    expect(theme.code).toBe(2);
    expect(theme.err).toMatch(/unknown theme "cooking" \(allowed: blame-and-culture, ofsted-and-inspection, /);
    const status = await site.run('subscribers', 'list', '--status', 'subscribed');
    expect(status.code).toBe(2);
    expect(await listJson()).toEqual([]);
  });

  it('never adds back an address that left', async () => {
    await site.run('subscribers', 'add', 'ann@example.org', '--status', 'unsubscribed');
    const again = await site.run('subscribers', 'add', 'ann@example.org');
    expect(again.code).toBe(0);
    expect(again.err).toBe('warning: ann@example.org is unsubscribed and stays so: an address that left the list is never added back\n');
    const removed = await site.run('subscribers', 'remove', 'ann@example.org');
    expect(removed.out).toContain('remembered as unsubscribed');
    await site.run('subscribers', 'add', 'ann@example.org');
    expect((await listJson()).map((s) => s.status)).toEqual(['unsubscribed']);
  });

  it('imports a CSV with bad rows: the good ones land, each bad one is named, exit code 2', async () => {
    await site.run('subscribers', 'add', 'kept@example.org', '--name', 'Kept');
    await site.run('subscribers', 'add', 'left@example.org', '--status', 'bounced');
    await site.write(
      'list.csv',
      [
        'email,name,themes,status',
        'ann@example.org,Ann,workforce,',
        '"mallory@example.org\r\nBcc: victim@example.net",Mallory,,',
        'bob@example.org,"Bob\nBcc: victim@example.net",,',
        'ANN@example.org,Ann twice,,',
        'left@example.org,Back again,,active',
        'carol@example.org,Carol,,pending',
        '',
      ].join('\n'),
    );
    const r = await site.run('subscribers', 'import', 'list.csv');
    expect(r.code).toBe(2);
    expect(r.out).toBe('imported list.csv: new 2, updated 0, unchanged 0, kept suppressed 1, rejected 3\n');
    expect(r.err.split('\n').filter((line) => line.startsWith('list.csv:'))).toEqual([
      'list.csv:3: error: a field holds a line break, which could inject mail headers (lines 3-4) (put each record on one line; check for a stray quote)',
      'list.csv:5: error: a field holds a line break, which could inject mail headers (lines 5-6) (put each record on one line; check for a stray quote)',
      'list.csv:7: error: ANN@example.org is a duplicate of line 2 (keep one row per address; the first one was imported)',
      'list.csv:8: warning: left@example.org is bounced and stays so (an address that left the list is never added back by an import)',
    ]);
    expect((await listJson()).map((s) => `${s.email} ${s.status}`)).toEqual([
      'kept@example.org active',
      'left@example.org bounced',
      'ann@example.org active',
      'carol@example.org pending',
    ]);
  });

  it('exports CSV that imports again unchanged', async () => {
    await site.run('subscribers', 'add', 'ann@example.org', '--name', 'Lee, Ann', '--themes', 'workforce');
    await site.run('subscribers', 'add', 'bob@example.org', '--status', 'pending');
    const out = await site.run('subscribers', 'export');
    expect(out.out).toBe('email,name,themes,status\nann@example.org,"Lee, Ann",workforce,active\nbob@example.org,,,pending\n');
    const toFile = await site.run('subscribers', 'export', '--out', 'backup/subscribers.csv', '--status', 'active');
    expect(toFile.err).toBe('wrote 1 subscriber(s) to backup/subscribers.csv\n');
    expect(await readFile(path.join(site.dir, 'backup', 'subscribers.csv'), 'utf8')).toBe('email,name,themes,status\nann@example.org,"Lee, Ann",workforce,active\n');
    await site.write('all.csv', out.out);
    const again = await site.run('subscribers', 'import', 'all.csv');
    expect(again).toMatchObject({ code: 0, out: 'imported all.csv: new 0, updated 0, unchanged 2, kept suppressed 0, rejected 0\n' });
  });

  it('unsuppresses bounced and complained subscribers after a bad run, never an unsubscribe, and names the unknown ones', async () => {
    await site.run('subscribers', 'add', 'ann@example.org', '--status', 'bounced');
    await site.run('subscribers', 'add', 'bob@example.org', '--status', 'complained');
    await site.run('subscribers', 'add', 'cat@example.org', '--status', 'unsubscribed');
    await site.run('subscribers', 'add', 'dan@example.org');
    await site.run('subscribers', 'add', 'eve@example.org', '--status', 'bounced');
    await site.run('subscribers', 'remove', 'eve@example.org');

    const noReason = await site.run('subscribers', 'unsuppress', 'ann@example.org');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/required option '--reason <text>' not specified/);
    expect((await site.run('subscribers', 'unsuppress', 'ann@example.org', '--reason', ' ')).code).toBe(2);
    expect((await listJson('--status', 'bounced')).map((s) => s.email)).toEqual(['ann@example.org']);

    const r = await site.run('subscribers', 'unsuppress', 'ANN@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org', 'eve@example.org', 'nobody@example.org', '--reason', 'relay refused everyone on 2 Dec');
    expect(r.code).toBe(2);
    expect(r.out).toBe(
      [
        'ann@example.org: active again (was bounced)',
        'bob@example.org: active again (was complained)',
        'dan@example.org: active, nothing to lift',
        'eve@example.org: no longer remembered as bounced (it had been removed: add it again with tidings subscribers add)',
        '',
      ].join('\n'),
    );
    expect(r.err).toBe(
      [
        "tidings: cat@example.org unsubscribed: that was the reader's own choice, which only the reader undoes (by signing up again); left as it is",
        'tidings: no subscriber nobody@example.org (check the address with: tidings subscribers list)',
        '',
      ].join('\n'),
    );
    expect((await listJson()).map((s) => `${s.email} ${s.status}`)).toEqual([
      'ann@example.org active',
      'bob@example.org active',
      'cat@example.org unsubscribed',
      'dan@example.org active',
    ]);
    await site.run('subscribers', 'add', 'eve@example.org');
    expect((await listJson('--status', 'active')).map((s) => s.email)).toContain('eve@example.org');
  });

  it('says which file it cannot read', async () => {
    const r = await site.run('subscribers', 'import', 'missing.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read missing\.csv/);
  });
});
