/**
 * `tidings preview`: every roundup as a subscriber will see it, with live
 * reload and a built-in inbox. See start-preview.ts.
 */
export type { PreviewOptions, RunningPreview } from './start-preview.js';
export { startPreview } from './start-preview.js';
export type { InboxFile } from './inbox/inbox-file.js';
export { inboxFilePath, readInboxFile, runningInboxUrl } from './inbox/inbox-file.js';
export type { Inbox, InboxOptions } from './inbox/catcher.js';
export { startInbox } from './inbox/catcher.js';
export type { InboxMessage } from './inbox/message.js';
