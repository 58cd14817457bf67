import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { writeFileAtomic } from '../files/atomic-write.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from '../errors.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import { isSuppressed, type Subscriber, type SubscriberStatus, type UnsuppressResult } from '../store/store.js';
import { checkAddress, hasControlCharacters } from '../subscribers/address.js';
import { subscribersToCsv } from '../subscribers/csv-export.js';
import { checkName, parseStatus, parseThemeList } from '../subscribers/fields.js';
import { CsvDecoder, decodeChunks, UnmarkedUtf16Error } from '../subscribers/csv-decode.js';
import { importSubscriberCsv, type CsvImportReport } from '../subscribers/import-csv.js';
import { walkSubscribers } from '../subscribers/walk.js';
import type { App } from '../app.js';
import type { CommandContext } from './main.js';
import { showSubscriber } from './subscriber-show.js';
import { withApp } from './with-app.js';

function statusOption(value: string): SubscriberStatus {
  const status = parseStatus(value);
  if (!status.ok) throw new InvalidArgumentError(status.hint);
  return status.value;
}

export function registerSubscribers(program: Command, ctx: CommandContext): void {
  const subscribers = program.command('subscribers').description('add, import, export, list, show, unsuppress and remove email subscribers');

  subscribers
    .command('add')
    .description('add a subscriber, or update one (an address that left the list is never added back)')
    .argument('<email>', 'the address')
    .option('--name <name>', 'their name')
    .option('--themes <slugs>', 'theme slugs, separated by spaces or ";" (default: every theme)')
    .option('--status <status>', 'pending or active (default: active: they asked you in person)', statusOption, 'active')
    .action(
      ctx.action(async (email: string, opts: { name?: string; themes?: string; status: SubscriberStatus }) =>
        withApp(ctx, async (app) => {
          const address = checkAddress(email);
          if (!address.ok) throw new UsageError(`${address.problem} (${address.hint})`);
          const name = opts.name === undefined ? undefined : checkName(opts.name);
          if (name !== undefined && !name.ok) throw new UsageError(`--name: ${name.problem} (${name.hint})`);
          const themes = opts.themes === undefined ? undefined : parseThemeList(opts.themes, app.config.themes.map((t) => t.slug));
          if (themes !== undefined && !themes.ok) throw new UsageError(`--themes: ${themes.problem} (${themes.hint})`);
          const [result] = await app.store.upsertSubscribers([
            {
              email: address.email,
              status: opts.status,
              ...(name ? { name: name.value } : {}),
              ...(themes ? { themes: themes.value } : {}),
            },
          ]);
          if (result === undefined) throw new Error('the store returned no result');
          const s = result.subscriber;
          if (result.outcome === 'suppressed') {
            ctx.io.err(`warning: ${s.email} is ${s.status} and stays so: an address that left the list is never added back`);
          } else {
            ctx.io.out(`${result.outcome === 'created' ? 'added' : result.outcome} ${s.email} (${s.status}${themeNote(s)})`);
          }
          return EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('import')
    .description('import subscribers from CSV (header: email,name,themes,status); bad rows are named and skipped')
    .argument('<file>', 'the CSV file')
    .option('--status <status>', 'status of rows that give none', statusOption, 'active')
    .action(
      ctx.action(async (file: string, opts: { status: SubscriberStatus }) =>
        withApp(ctx, async (app) => {
          const report = await importCsvFile(app, file, path.resolve(ctx.io.cwd, file), opts.status, ctx);
          const c = report.counts;
          if (report.encoding !== 'UTF-8') ctx.io.out(`read ${file} as ${report.encoding}`);
          ctx.io.out(`imported ${file}: new ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, kept suppressed ${c.suppressed}, rejected ${c.rejected}`);
          if (c.rejected > 0) {
            ctx.io.err(`${c.rejected} row(s) above were skipped; everything else was imported. Fix them and import the file again.`);
            return EXIT_BAD_INPUT;
          }
          return EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('export')
    .description('write subscribers as CSV (the format import reads)')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--status <status>', 'only subscribers with this status', statusOption)
    .action(
      ctx.action(async (opts: { out?: string; status?: SubscriberStatus }) =>
        withApp(ctx, async (app) => {
          const pages = walkSubscribers(app.store, opts.status ? { status: opts.status } : {});
          if (opts.out === undefined) {
            let first = true;
            for await (const page of pages) {
              ctx.io.out(subscribersToCsv(page, first).trimEnd());
              first = false;
            }
            if (first) ctx.io.out(subscribersToCsv([], true).trimEnd());
            return EXIT_OK;
          }
          const pieces: Buffer[] = [Buffer.from(subscribersToCsv([], true))];
          let count = 0;
          for await (const page of pages) {
            pieces.push(Buffer.from(subscribersToCsv(page, false)));
            count += page.length;
          }
          const file = path.resolve(ctx.io.cwd, opts.out);
          await writeFileAtomic(file, pieces);
          ctx.io.err(`wrote ${count} subscriber(s) to ${opts.out}`);
          return EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('list')
    .description('list subscribers, oldest first')
    .option('--json', 'print JSON (id, email, name, status, themes, timestamps)')
    .option('--status <status>', 'only subscribers with this status', statusOption)
    .action(
      ctx.action(async (opts: { json?: boolean; status?: SubscriberStatus }) =>
        withApp(ctx, async (app) => {
          const pages = walkSubscribers(app.store, opts.status ? { status: opts.status } : {});
          let count = 0;
          if (opts.json) ctx.io.out('[');
          for await (const page of pages) {
            for (const s of page) {
              if (opts.json) ctx.io.out(`${count > 0 ? ',' : ''}${JSON.stringify(s)}`);
              else ctx.io.out(`${s.id}  ${s.email}  ${s.status}${themeNote(s)}${s.name ? `  ${s.name}` : ''}`);
              count += 1;
            }
          }
          ctx.io.out(opts.json ? ']' : `${count} subscriber(s)`);
          return EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('unsuppress')
    .description('make bounced or complained subscribers active again after a bad run (never an unsubscribe), with the reason recorded')
    .argument('<email...>', 'their addresses')
    .requiredOption('--reason <text>', 'why (kept with each address, e.g. "relay refused everyone on 2 Dec")')
    .action(
      ctx.action(async (emails: string[], opts: { reason: string }) =>
        withApp(ctx, async (app) => {
          const reason = opts.reason.trim();
          if (reason === '' || hasControlCharacters(reason) || reason.length > 500) {
            throw new UsageError('--reason: give why, on one line, in at most 500 characters');
          }
          const checked = emails.map((email) => ({ email, address: checkAddress(email) }));
          const valid = checked.flatMap((c) => (c.address.ok ? [c.address.email] : []));
          const results = new Map((await app.store.unsuppressSubscribers(valid, reason)).map((r) => [r.email, r]));
          let refused = 0;
          for (const { email, address } of checked) {
            const result = address.ok ? results.get(address.email) : undefined;
            const line = unsuppressLine(email, result);
            if (line.ok) ctx.io.out(line.text);
            else {
              ctx.io.err(`tidings: ${line.text}`);
              refused += 1;
            }
          }
          return refused > 0 ? EXIT_BAD_INPUT : EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('show')
    .description('one subscriber: their status and, when suppressed, since when and why, with the evidence (a bounce, a complaint, an unsubscribe)')
    .argument('<email>', 'the address')
    .action(
      ctx.action(async (email: string) =>
        withApp(ctx, async (app) => {
          const lines = await showSubscriber(app, email.trim());
          if (lines === null) {
            ctx.io.err(`tidings: no subscriber ${email} and nothing recorded for it (check the address with: tidings subscribers list)`);
            return EXIT_BAD_INPUT;
          }
          ctx.io.out(lines.join('\n'));
          return EXIT_OK;
        }),
      ),
    );

  subscribers
    .command('remove')
    .description('delete subscribers (an address that had left stays remembered as such)')
    .argument('<email...>', 'their addresses')
    .action(
      ctx.action(async (emails: string[]) =>
        withApp(ctx, async (app) => {
          let missing = 0;
          for (const email of emails) {
            const address = checkAddress(email);
            const found = address.ok ? await app.store.findSubscriberByEmail(address.email) : undefined;
            if (found === undefined || !(await app.store.removeSubscriber(found.id))) {
              ctx.io.err(`tidings: no subscriber ${email} (check the address with: tidings subscribers list)`);
              missing += 1;
              continue;
            }
            const note = isSuppressed(found.status) ? ` (remembered as ${found.status}: it will not be added back)` : '';
            ctx.io.out(`removed ${found.email}${note}`);
          }
          return missing > 0 ? EXIT_BAD_INPUT : EXIT_OK;
        }),
      ),
    );
}

function unsuppressLine(email: string, result: UnsuppressResult | undefined): { ok: boolean; text: string } {
  switch (result?.outcome) {
    case 'reactivated':
      return { ok: true, text: `${result.subscriber?.email ?? email}: active again (was ${result.from ?? 'suppressed'})` };
    case 'lifted':
      return { ok: true, text: `${email}: no longer remembered as ${result.from ?? 'suppressed'} (it had been removed: add it again with tidings subscribers add)` };
    case 'not-suppressed':
      return { ok: true, text: `${result.subscriber?.email ?? email}: ${result.subscriber?.status ?? 'not suppressed'}, nothing to lift` };
    case 'unsubscribed':
      return {
        ok: false,
        text: `${email} unsubscribed: that was the reader's own choice, which only the reader undoes (by signing up again); left as it is`,
      };
    case undefined:
    case 'unknown':
      return { ok: false, text: `no subscriber ${email} (check the address with: tidings subscribers list)` };
  }
}

function themeNote(s: Subscriber): string {
  return s.themes.length === 0 ? ', every theme' : `, themes: ${s.themes.join(' ')}`;
}

/** A CSV file into the store as a stream (flat memory in the file's size), its diagnostics printed as they come. */
async function importCsvFile(
  app: App,
  file: string,
  absolute: string,
  status: SubscriberStatus,
  ctx: CommandContext,
): Promise<CsvImportReport & { encoding: string }> {
  const cannotRead = (error: Error) => new InputError(`cannot read ${file}: ${error.message}`);
  const handle = await open(absolute).catch((error: Error) => {
    throw cannotRead(error);
  });
  const decoder = new CsvDecoder();
  const encoding = () => decoder.encoding ?? 'UTF-8';
  try {
    const report = await importSubscriberCsv(app.store, decodeChunks(handle.createReadStream({ highWaterMark: 64 * 1024, autoClose: false }), decoder), {
      file,
      themes: app.config.themes.map((t) => t.slug),
      defaultStatus: status,
      encoding,
      report: (d) => ctx.io.err(formatDiagnostic(d)),
    });
    return { ...report, encoding: encoding() };
  } catch (error) {
    if (error instanceof UnmarkedUtf16Error) throw new InputError(`${file}:1: ${error.message} (save the file as "CSV UTF-8" and import it again)`);
    // A file system error while reading (EIO, EISDIR): it carries the system call that failed.
    if (error instanceof Error && 'syscall' in error) throw cannotRead(error);
    throw error;
  } finally {
    await handle.close();
  }
}
