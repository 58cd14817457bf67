/**
 * SCAFFOLD, to be deleted: stands in for a part of the PostgreSQL store not
 * written yet, each method throwing. No file on main may import it once
 * the four parts are written.
 */
export function notWrittenYet<T>(names: readonly string[]): T {
  return Object.fromEntries(
    names.map((name) => [
      name,
      () => {
        throw new Error(`PostgreSQL store: ${name} is not written yet`);
      },
    ]),
  ) as T;
}
