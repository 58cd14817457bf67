/**
 * WebSub publish notices the hub did not take (it was down, or refused):
 * kept by the document's URL until a later build or scheduler tick gets
 * them through, so that a reader of that document hears of the change.
 */
export interface HubNotice {
  /** The document (feed or archive page) the notice is about. */
  url: string;
  /** The hub it was last meant for. */
  hub: string;
  /** Failed attempts so far (1 or more). */
  attempts: number;
  /** ISO instants. */
  firstFailedAt: string;
  lastFailedAt: string;
  lastError: string;
}

export interface HubNoticeStore {
  /** Every kept notice, oldest failure first. */
  keptHubNotices(): Promise<HubNotice[]>;
  /** Keeps (or counts one more failure of) a notice per URL; `now` defaults to the clock. */
  keepHubNotices(hub: string, failed: readonly { url: string; error: string }[], options?: { now?: string }): Promise<void>;
  /** Forgets the notices the hub has taken. */
  dropHubNotices(urls: readonly string[]): Promise<void>;
}
