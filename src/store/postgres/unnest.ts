/** The PostgreSQL array types a column is sent as. */
export type ArrayType = 'text' | 'int' | 'int8' | 'float8';

export interface Column<R> {
  name: string;
  type: ArrayType;
  value: (row: R) => string | number | null;
}

/**
 * Many rows as one FROM item: `unnest($1::text[], $2::int[], …) AS u(a, b, …)`,
 * one array parameter per column. A multi-row write is then one statement
 * and one round trip whatever the number of rows, and the statement text
 * stays the same (no VALUES list growing with the batch).
 */
export function unnestRows<R>(columns: readonly Column<R>[], rows: readonly R[], firstParam = 1): { from: string; params: unknown[] } {
  const casts = columns.map((column, i) => `$${firstParam + i}::${column.type}[]`);
  return {
    from: `unnest(${casts.join(', ')}) AS u(${columns.map((column) => column.name).join(', ')})`,
    params: columns.map((column) => rows.map(column.value)),
  };
}

/** Splits rows into runs of at most `maxRows`, or fewer when their `size` adds up to more than `maxBytes`. */
export function chunks<R>(rows: readonly R[], maxRows: number, maxBytes = Number.POSITIVE_INFINITY, size: (row: R) => number = () => 0): R[][] {
  const out: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const row of rows) {
    const rowBytes = size(row);
    if (current.length > 0 && (current.length >= maxRows || bytes + rowBytes > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += rowBytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}
