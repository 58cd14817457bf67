import type Database from 'better-sqlite3';
import { instant } from './clock.js';

export interface IssueNumbers {
  all(): Map<string, number>;
  assign(ids: readonly string[], now?: string): Map<string, number>;
}

export function prepareIssueNumbers(db: Database.Database): IssueNumbers {
  const select = db.prepare<[], { issue_id: string; number: number }>('SELECT issue_id, number FROM issue_numbers');
  const one = db.prepare<[string], { number: number }>('SELECT number FROM issue_numbers WHERE issue_id = ?');
  const highest = db.prepare<[], { top: number }>('SELECT coalesce(max(number), 0) AS top FROM issue_numbers');
  const insert = db.prepare<[string, number, string]>('INSERT INTO issue_numbers (issue_id, number, assigned_at) VALUES (?, ?, ?)');
  const assign = db.transaction((ids: readonly string[], at: string): Map<string, number> => {
    const numbers = new Map<string, number>();
    let top = highest.get()?.top ?? 0;
    for (const id of ids) {
      const known = one.get(id)?.number;
      if (known !== undefined) {
        numbers.set(id, known);
        continue;
      }
      insert.run(id, ++top, at);
      numbers.set(id, top);
    }
    return numbers;
  });
  return {
    all: () => new Map(select.all().map((row) => [row.issue_id, row.number])),
    assign: (ids, now) => assign.immediate(ids, instant(now).iso),
  };
}
