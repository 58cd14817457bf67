import type { Db } from './connection.js';
import type { PostPart } from './parts.js';
import { notWrittenYet } from './scaffold.js';

export function postgresPosts(_db: Db): PostPart {
  return notWrittenYet<PostPart>(['sourceFileHashes', 'postIndex', 'getPost', 'getPosts', 'listPosts', 'countPosts', 'postImportTimes', 'refreshPeriodKeys', 'applyImport', 'listImportRuns', 'withdrawPost', 'restorePost', 'setPostUrls']);
}
