/**
 * Issue numbers, given once and kept: an issue (by its period id) keeps
 * the number it was first given, whatever posts are added before it later.
 */
export interface IssueNumberStore {
  /** Every number given so far, by issue id. */
  issueNumbers(): Promise<Map<string, number>>;
  /**
   * Gives each id that has no number the next after the highest given so far,
   * in the order given (oldest period first), in one transaction; returns the
   * numbers of all `ids`.
   */
  assignIssueNumbers(ids: readonly string[], options?: { now?: string }): Promise<Map<string, number>>;
}
