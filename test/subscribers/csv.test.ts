import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/model/diagnostic.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { subscribersToCsv } from '../../src/subscribers/csv-export.js';
import { parseSubscriberCsv } from '../../src/subscribers/csv-import.js';
import { CsvRecordReader, readCsvRecords } from '../../src/subscribers/csv-records.js';
import { SeenAddresses } from '../../src/subscribers/csv-seen.js';
import { importSubscriberCsv } from '../../src/subscribers/import-csv.js';

const THEMES = ['courts', 'adoption', 'workforce'];
const options = { file: 'list.csv', themes: THEMES, defaultStatus: 'active' as const };

/** A file with good rows among malformed rows, duplicates and injection attempts; line numbers in the comments. */
const MIXED = [
  'email,name,themes,status', // 1
  'ann@example.org,Ann Lee,courts;adoption,active', // 2
  '"ann@example.org\r\nBcc: victim@example.net",Mallory,,', // 3-4
  'bob@example.org,"Bob\nBcc: victim@example.net",,', // 5-6
  'carol@example.org,Carol,,pending', // 7
  'ANN@example.org,Ann again,,', // 8: duplicate of 2
  'not-an-address,Dan,,', // 9
  'erin@example.org,Erin,cooking,', // 10
  'frank@example.org,Frank,,subscribed', // 11
  '"gina@example.org"x,Gina,,', // 12: text after a closing quote
  'hal@example.org,Hal,workforce,', // 13
  'ivy@example.org,Ivy,,,,extra', // 14: a field too many
  '', // 15: blank
  'jo@example.org,"Jo ""JJ"" Smith",courts workforce,', // 16
  '"kim@example.org,Kim,,', // 17: quote never closed
  'lee@example.org,Lee,,', // 18
].join('\n');

describe('reading CSV records', () => {
  it('gives each record its line, reads quotes, and skips blank lines', () => {
    expect(readCsvRecords('\uFEFFa,b\r\n\r\n"x, ""y""",\n')).toEqual([
      { kind: 'fields', line: 1, fields: ['a', 'b'] },
      { kind: 'fields', line: 3, fields: ['x, "y"', ''] },
    ]);
  });

  it('carries on after a quote that never closes, instead of swallowing the rest of the file', () => {
    const records = readCsvRecords('"a@x.org,A\nb@x.org,B\nc@x.org,C\n');
    expect(records).toEqual([
      expect.objectContaining({ kind: 'error', line: 1, problem: 'a quoted field is not closed' }),
      { kind: 'fields', line: 2, fields: ['b@x.org', 'B'] },
      { kind: 'fields', line: 3, fields: ['c@x.org', 'C'] },
    ]);
  });

  it('ends a stray quote at its line when the next line reads as a record, and keeps real multi-line fields whole', () => {
    expect(readCsvRecords('email,name\n"ann@x.org,Ann\nbob@x.org,Bob\ncat@x.org,"Cat"\n')).toEqual([
      { kind: 'fields', line: 1, fields: ['email', 'name'] },
      expect.objectContaining({ kind: 'error', line: 2, endLine: 2, problem: 'a quoted field is not closed on its line' }),
      { kind: 'fields', line: 3, fields: ['bob@x.org', 'Bob'] },
      { kind: 'fields', line: 4, fields: ['cat@x.org', 'Cat'] },
    ]);
    // The next line has a quote inside an unquoted field, or more fields than the header: a real multi-line field.
    const kinds = (text: string) => readCsvRecords(text).map((r) => [r.kind, r.line]);
    expect(kinds('email,name\nann@x.org,"Ann\nLee, A",x\nbob@x.org,Bob\n')).toEqual([['fields', 1], ['error', 2], ['fields', 4]]);
    expect(kinds('email,name\nann@x.org,"Ann\na,b,c\n"\nbob@x.org,Bob\n')).toEqual([['fields', 1], ['error', 2], ['fields', 5]]);
  });

  it('reads the same records whatever the chunks the text arrives in', () => {
    const text = 'email,name\r\n"ann@x.org,Ann\nbob@x.org,Bob\r\ncat@x.org,"Cat"\r\nd@x.org,"D ""q"""\r\ne,"multi\nline",x\n"gina"x,G\n"never closed,\nh@x.org,H';
    const whole = readCsvRecords(text);
    for (let size = 1; size <= 16; size += 1) {
      const reader = new CsvRecordReader();
      const records = [];
      for (let at = 0; at < text.length; at += size) records.push(...reader.push(text.slice(at, at + size)));
      records.push(...reader.end());
      expect(records).toEqual(whole);
    }
    expect(whole.map((r) => [r.kind, r.line])).toEqual([
      ['fields', 1], ['error', 2], ['fields', 3], ['fields', 4], ['fields', 5], ['error', 6], ['error', 8], ['error', 9], ['fields', 10],
    ]);
  });

  it('reports a record with a line break in a field once, with the lines it spans', () => {
    expect(readCsvRecords('a,"b\r\nc\nd",e\nf,g')).toEqual([
      expect.objectContaining({ kind: 'error', line: 1, endLine: 3, problem: expect.stringMatching(/line break/) }),
      { kind: 'fields', line: 4, fields: ['f', 'g'] },
    ]);
  });
});

describe('parsing a subscriber CSV', () => {
  it('keeps the good rows and names every bad one with its line and what to do', () => {
    const { rows, diagnostics } = parseSubscriberCsv(MIXED, options);
    expect(rows.map((row) => [row.line, row.input])).toEqual([
      [2, { email: 'ann@example.org', name: 'Ann Lee', themes: ['courts', 'adoption'], status: 'active' }],
      [7, { email: 'carol@example.org', name: 'Carol', themes: [], status: 'pending' }],
      [13, { email: 'hal@example.org', name: 'Hal', themes: ['workforce'], status: 'active' }],
      [16, { email: 'jo@example.org', name: 'Jo "JJ" Smith', themes: ['courts', 'workforce'], status: 'active' }],
      [18, { email: 'lee@example.org', name: 'Lee', themes: [], status: 'active' }],
    ]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'list.csv:3: error: a field holds a line break, which could inject mail headers (lines 3-4) (put each record on one line; check for a stray quote)',
      'list.csv:5: error: a field holds a line break, which could inject mail headers (lines 5-6) (put each record on one line; check for a stray quote)',
      'list.csv:8: error: ANN@example.org is a duplicate of line 2 (keep one row per address; the first one was imported)',
      'list.csv:9: error: "not-an-address" is not an email address (give an address such as ann@example.org)',
      'list.csv:10: error: erin@example.org: unknown theme "cooking" (allowed: courts, adoption, workforce)',
      'list.csv:11: error: frank@example.org: unknown status "subscribed" (allowed: pending, active, unsubscribed, bounced, complained)',
      'list.csv:12: error: text after the closing quote of a field (quote the whole field, and write a quote inside it as "")',
      'list.csv:14: error: 6 fields where the header has 4 (quote a field that holds a comma)',
      'list.csv:17: error: a quoted field is not closed (close the quote, and write a quote inside a quoted field as "")',
    ]);
  });

  it('takes the columns in any order, and only email is required', () => {
    const { rows, diagnostics } = parseSubscriberCsv('Status,EMAIL,notes\npending,ann@example.org,met at a conference\n', options);
    expect(diagnostics.map(formatDiagnostic)).toEqual(['list.csv:1: warning: column "notes" ignored (known columns: email, name, themes, status)']);
    expect(rows.map((row) => row.input)).toEqual([{ email: 'ann@example.org', status: 'pending' }]);
  });

  it('refuses a file without a usable header', () => {
    expect(parseSubscriberCsv('ann@example.org,Ann\n', options).diagnostics.map(formatDiagnostic)).toEqual([
      'list.csv:1: error: the header has no "email" column (start the file with the line: email,name,themes,status)',
    ]);
    expect(parseSubscriberCsv('', options).diagnostics.map(formatDiagnostic)).toEqual([
      'list.csv: error: no header row (start the file with the line: email,name,themes,status)',
    ]);
    expect(parseSubscriberCsv('email,name,email\n', options).diagnostics[0]?.message).toBe('the header names the column "email" twice');
  });

  it('reads back what export writes', () => {
    const at = '2024-06-03T09:00:00.000Z';
    const subscriber = (id: number, email: string, name: string, themes: string[]) =>
      ({ id, email, name, themes, status: 'active', createdAt: at, updatedAt: at, confirmedAt: at, unsubscribedAt: null }) as const;
    const csv = subscribersToCsv([subscriber(1, 'ann@example.org', 'Lee, Ann "the elder"', ['courts', 'adoption']), subscriber(2, 'bob@example.org', '', [])], true);
    expect(csv).toBe('email,name,themes,status\nann@example.org,"Lee, Ann ""the elder""",courts adoption,active\nbob@example.org,,,active\n');
    expect(parseSubscriberCsv(csv, options).rows.map((row) => row.input)).toEqual([
      { email: 'ann@example.org', name: 'Lee, Ann "the elder"', themes: ['courts', 'adoption'], status: 'active' },
      { email: 'bob@example.org', name: '', themes: [], status: 'active' },
    ]);
  });

  it('reads 100,000 rows, all of them, with nothing to report', () => {
    const text = ['email,name,themes,status', ...Array.from({ length: 100_000 }, (_, i) => `user${i}@example.org,"User ${i}",courts;adoption,active`)].join('\n');
    const { rows, diagnostics } = parseSubscriberCsv(text, options);
    expect(rows).toHaveLength(100_000);
    expect(diagnostics).toEqual([]);
  });
});

describe('importing a subscriber CSV into the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  /** Imports `text` in chunks of `chunk` characters, in batches of `batchSize` rows; the diagnostics as reported. */
  const importText = async (text: string, { chunk = 7, batchSize = 2 } = {}) => {
    const diagnostics: Diagnostic[] = [];
    async function* chunks() {
      for (let at = 0; at < text.length; at += chunk) yield text.slice(at, at + chunk);
    }
    const report = await importSubscriberCsv(store, chunks(), { ...options, batchSize, report: (d) => diagnostics.push(d) });
    return { ...report, diagnostics };
  };

  it('imports the good rows, names the bad ones, and loses nothing already stored', async () => {
    await store.upsertSubscribers([
      { email: 'zoe@example.org', name: 'Zoe', themes: ['courts'], status: 'active' },
      { email: 'hal@example.org', name: 'Hal', themes: ['workforce'], status: 'active' },
    ]);
    const report = await importText(MIXED);
    expect(report.counts).toEqual({ created: 4, updated: 0, unchanged: 1, suppressed: 0, rejected: 9 });
    expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([3, 5, 8, 9, 10, 11, 12, 14, 17]);
    const emails = (await store.listSubscribers()).map((s) => s.email).sort();
    expect(emails).toEqual(['ann@example.org', 'carol@example.org', 'hal@example.org', 'jo@example.org', 'lee@example.org', 'zoe@example.org']);
    expect(await store.findSubscriberByEmail('zoe@example.org')).toMatchObject({ name: 'Zoe', themes: ['courts'], status: 'active' });
    for (const victim of ['victim@example.net', 'bob@example.org', 'kim@example.org']) expect(await store.findSubscriberByEmail(victim)).toBeUndefined();
  });

  it('never reactivates a suppressed address, and says so', async () => {
    await store.upsertSubscribers([{ email: 'ann@example.org', status: 'unsubscribed' }, { email: 'bob@example.org', status: 'complained' }]);
    const report = await importText('email,status\nANN@example.org,active\nbob@example.org,\ncarol@example.org,\n', { batchSize: 1 });
    expect(report.counts).toMatchObject({ created: 1, suppressed: 2, rejected: 0 });
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([
      'list.csv:2: warning: ann@example.org is unsubscribed and stays so (an address that left the list is never added back by an import)',
      'list.csv:3: warning: bob@example.org is complained and stays so (an address that left the list is never added back by an import)',
    ]);
    expect((await store.findSubscriberByEmail('ann@example.org'))?.status).toBe('unsubscribed');
    expect((await store.findSubscriberByEmail('bob@example.org'))?.status).toBe('complained');
  });
});

describe('finding duplicate addresses', () => {
  it('names the line each address first came on, past many growths of its table', () => {
    const seen = new SeenAddresses();
    for (let i = 0; i < 50_000; i += 1) expect(seen.firstLine(`user${i}@example.org`, i + 2)).toBeUndefined();
    for (let i = 0; i < 50_000; i += 997) expect(seen.firstLine(`user${i}@example.org`, 60_000)).toBe(i + 2);
    expect(seen.firstLine('someone-else@example.org', 60_001)).toBeUndefined();
  });
});
