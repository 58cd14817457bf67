import type Database from 'better-sqlite3';
import { bodyFactsOf } from '../../model/post-body.js';

/**
 * One step of the schema. Versions start at 1 and go up by one; a released
 * migration is never edited: a change to the schema is a new migration.
 */
export interface Migration {
  version: number;
  name: string;
  /** SQL run in one transaction together with its schema_migrations record. */
  up: string;
  /** Rows SQL alone cannot make (a hash), written after `up` in the same transaction. */
  fill?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'posts, sources, source files and import runs',
    up: `
      CREATE TABLE posts (
        id              TEXT    NOT NULL PRIMARY KEY,
        slug            TEXT    NOT NULL,
        url             TEXT    NOT NULL,
        title           TEXT    NOT NULL,
        title_derived   INTEGER NOT NULL CHECK (title_derived IN (0, 1)),
        published       TEXT    NOT NULL,
        published_ms    INTEGER NOT NULL,
        updated         TEXT    NOT NULL,
        sequence        INTEGER NOT NULL,
        author          TEXT    NOT NULL,
        summary         TEXT    NOT NULL,
        word_count      INTEGER NOT NULL,
        reading_minutes REAL    NOT NULL,
        themes          TEXT    NOT NULL CHECK (json_valid(themes)),
        fingerprint     TEXT    NOT NULL,
        -- the large columns last, so that reading the others never has to
        -- walk a long post's overflow pages
        text            TEXT    NOT NULL,
        html            TEXT    NOT NULL
      ) STRICT;
      -- listing order, and covering for the post index (id, slug, fingerprint,
      -- published), so neither has to read the posts table itself
      CREATE INDEX posts_newest_first ON posts (published_ms DESC, sequence, id, slug, fingerprint, published);

      CREATE TABLE post_sources (
        post_id  TEXT    NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        file     TEXT    NOT NULL,
        format   TEXT    NOT NULL,
        line     INTEGER NOT NULL,
        slot     TEXT    NOT NULL,
        hash     TEXT    NOT NULL,
        PRIMARY KEY (post_id, position),
        UNIQUE (file, slot)
      ) STRICT;

      CREATE TABLE source_files (
        path        TEXT NOT NULL PRIMARY KEY,
        hash        TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE import_runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        counts      TEXT NOT NULL CHECK (json_valid(counts)),
        diagnostics TEXT NOT NULL CHECK (json_valid(diagnostics))
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'theme index',
    up: `
      -- One row per (post, theme), carrying the post's listing order so that a
      -- theme's newest posts come straight from post_themes_newest_first.
      -- posts.themes stays the record of the themes and their order.
      CREATE TABLE post_themes (
        post_id      TEXT    NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        theme        TEXT    NOT NULL,
        published_ms INTEGER NOT NULL,
        sequence     INTEGER NOT NULL,
        PRIMARY KEY (post_id, theme)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX post_themes_newest_first ON post_themes (theme, published_ms DESC, sequence, post_id);
      INSERT OR IGNORE INTO post_themes (post_id, theme, published_ms, sequence)
        SELECT p.id, t.value, p.published_ms, p.sequence FROM posts AS p, json_each(p.themes) AS t;
    `,
  },
  {
    version: 3,
    name: 'subscribers, issues and deliveries',
    up: `
      -- email is the normalised address; email_key (the address in lower
      -- case) keeps it unique in any case.
      CREATE TABLE subscribers (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        email           TEXT NOT NULL,
        email_key       TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        status          TEXT NOT NULL
                        CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced', 'complained')),
        themes          TEXT NOT NULL CHECK (json_valid(themes)),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        confirmed_at    TEXT,
        unsubscribed_at TEXT
      ) STRICT;
      CREATE INDEX subscribers_by_status ON subscribers (status, id);

      -- Addresses that were suppressed when their subscriber was removed,
      -- as sha256(email_key): they stay suppressed if they come back.
      CREATE TABLE suppressed_addresses (
        email_hash    TEXT NOT NULL PRIMARY KEY,
        status        TEXT NOT NULL CHECK (status IN ('unsubscribed', 'bounced', 'complained')),
        suppressed_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE issues (
        id               TEXT    NOT NULL PRIMARY KEY,
        number           INTEGER NOT NULL,
        subject          TEXT    NOT NULL,
        status           TEXT    NOT NULL CHECK (status IN ('draft', 'sending', 'sent')),
        owner            TEXT,
        claimed_until_ms INTEGER,
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        sent_at          TEXT
      ) STRICT;

      CREATE TABLE deliveries (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        issue_id           TEXT    NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
        subscriber_id      INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        status             TEXT    NOT NULL
                           CHECK (status IN ('pending', 'in-flight', 'sent', 'failed', 'unknown', 'skipped')),
        attempts           INTEGER NOT NULL DEFAULT 0,
        last_error         TEXT,
        permanent          INTEGER CHECK (permanent IN (0, 1)),
        message_id         TEXT,
        response           TEXT,
        not_before_ms      INTEGER,
        created_at         TEXT    NOT NULL,
        updated_at         TEXT    NOT NULL,
        attempt_started_at TEXT,
        sent_at            TEXT,
        UNIQUE (issue_id, subscriber_id)
      ) STRICT;
      -- a sender's queue: an issue's deliveries in one status, by id
      CREATE INDEX deliveries_queue ON deliveries (issue_id, status, id);
      -- removing a subscriber finds their deliveries
      CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id);
    `,
  },
  {
    version: 4,
    name: 'scheduler start and runs',
    up: `
      -- One row: when the scheduler first ran on this store. Periods that had
      -- ended by then are the back catalogue, never mailed by the scheduler.
      CREATE TABLE scheduler_start (
        id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        started_at TEXT    NOT NULL
      ) STRICT;

      -- One run per slot (the instant it was scheduled for): the UNIQUE slot
      -- is what keeps two schedulers on one store from both running it.
      CREATE TABLE schedule_runs (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        scheduled_for  TEXT    NOT NULL,
        scheduled_ms   INTEGER NOT NULL UNIQUE,
        trigger        TEXT    NOT NULL CHECK (trigger IN ('scheduled', 'catch-up', 'manual')),
        outcome        TEXT    NOT NULL
                       CHECK (outcome IN ('running', 'sent', 'nothing-new', 'already-sent', 'back-catalogue', 'held', 'failed', 'expired')),
        owner          TEXT,
        lease_until_ms INTEGER,
        attempts       INTEGER NOT NULL DEFAULT 1,
        started_at     TEXT    NOT NULL,
        finished_at    TEXT,
        issue_id       TEXT,
        counts         TEXT    NOT NULL CHECK (json_valid(counts)),
        detail         TEXT
      ) STRICT;
    `,
  },
  {
    version: 5,
    name: 'subscriber events',
    up: `
      -- What happened to an address's standing and why, kept by the address's
      -- hash (as in suppressed_addresses) so that it outlives the subscriber's
      -- removal. Kinds so far: 'unsuppressed' (detail: from, reason); bounce
      -- and complaint evidence can be recorded here as further kinds.
      CREATE TABLE subscriber_events (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
        email_hash    TEXT    NOT NULL,
        kind          TEXT    NOT NULL,
        detail        TEXT    NOT NULL CHECK (json_valid(detail)),
        created_at    TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX subscriber_events_by_address ON subscriber_events (email_hash, id);
      CREATE INDEX subscriber_events_by_subscriber ON subscriber_events (subscriber_id);
    `,
  },
  {
    version: 6,
    name: 'links made before they named addresses',
    up: `
      -- Links made before this version name a subscriber by row id, which
      -- means the right person only in the store the link was made for and
      -- only for a row that was already in it: the ids handed out so far
      -- (AUTOINCREMENT never hands one out twice). A new store (rebuilt from
      -- an export) has none, so it acts on no such link.
      CREATE TABLE legacy_links (
        id                 INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        last_subscriber_id INTEGER NOT NULL
      ) STRICT;
      INSERT INTO legacy_links (id, last_subscriber_id)
        VALUES (1, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'subscribers'), 0));
    `,
  },
  {
    version: 7,
    name: 'the last SMTP step of a delivery',
    up: `
      -- The SMTP step a failed attempt reached ('connect', 'mail', 'rcpt',
      -- 'data', 'content', ...: DELIVERY_STEPS in send-log-store.ts, checked
      -- there, so that a new step needs no table rebuild). deliveries.message_id
      -- is now written when a delivery goes in flight, not only once it is sent.
      ALTER TABLE deliveries ADD COLUMN last_step TEXT;
    `,
  },
  {
    version: 8,
    name: 'post tags',
    up: `
      -- The tags a post's source states, whether or not they name a theme
      -- (feeds list them as categories). Posts stored before have none until re-imported.
      ALTER TABLE posts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));
    `,
  },
  {
    version: 9,
    name: 'an index of the deliveries still to act on',
    up: `
      -- The sender's queue indexes only the deliveries it still has to act
      -- on (pending, in flight, in doubt). In the old index on every status a
      -- delivery moved twice (pending -> in-flight -> sent), each move a
      -- deletion and an insertion in another part of it: a 10,000-recipient
      -- send wrote a quarter fewer pages without it (bench:send). Lists by a
      -- settled status (sent, failed) read the issue's deliveries instead.
      DROP INDEX deliveries_queue;
      CREATE INDEX deliveries_open ON deliveries (issue_id, status, id) WHERE status IN ('pending', 'in-flight', 'unknown');
    `,
  },
  {
    version: 10,
    name: 'withdrawn posts and expiry dates',
    up: `
      -- A withdrawn post keeps its row (its id is never handed out again, and
      -- a file that comes back finds it by its source slot); this table says
      -- it is down, since when, why, and what took it down ('file': its file
      -- was deleted, 'draft': its source marks it unpublished, 'command':
      -- tidings posts withdraw). Listings leave these posts out.
      CREATE TABLE post_withdrawals (
        post_id TEXT NOT NULL PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        at      TEXT NOT NULL,
        reason  TEXT NOT NULL,
        cause   TEXT NOT NULL CHECK (cause IN ('file', 'draft', 'command'))
      ) STRICT, WITHOUT ROWID;
      -- When the source says the post expires (Hugo expiryDate), an ISO instant.
      ALTER TABLE posts ADD COLUMN expires TEXT;
    `,
  },
  {
    version: 11,
    name: 'the address a post names for itself',
    up: `
      -- The address the source names for a post (a feed item's link, front
      -- matter url/permalink), as written; NULL when it names none. posts.url
      -- stays the derived address, derived again at each build.
      ALTER TABLE posts ADD COLUMN permalink TEXT;
    `,
  },
  {
    version: 12,
    name: 'WebSub notices kept until the hub takes them',
    up: `
      -- A publish notice the WebSub hub did not take (down, refused): kept
      -- by the document's URL and sent again at the next build or scheduler
      -- tick until the hub accepts it; then the row goes.
      CREATE TABLE hub_notices (
        url             TEXT    NOT NULL PRIMARY KEY,
        hub             TEXT    NOT NULL,
        attempts        INTEGER NOT NULL CHECK (attempts >= 1),
        first_failed_at TEXT    NOT NULL,
        last_failed_at  TEXT    NOT NULL,
        last_error      TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 13,
    name: 'issue numbers that never move',
    up: `
      -- An issue's number, given once, the first time the issue is planned
      -- with the store (build, send, scheduler): the next after the highest
      -- given so far. Before, numbers were counted from the oldest period at
      -- every plan, so a back-dated post in a new week renumbered (and
      -- rewrote) every later roundup, sent ones included. Seeded from the
      -- issues recorded so far (a number two records share is given once).
      CREATE TABLE issue_numbers (
        issue_id    TEXT    NOT NULL PRIMARY KEY,
        number      INTEGER NOT NULL UNIQUE CHECK (number >= 1),
        assigned_at TEXT    NOT NULL
      ) STRICT;
      INSERT OR IGNORE INTO issue_numbers (issue_id, number, assigned_at)
        SELECT id, number, created_at FROM issues ORDER BY (status = 'sent') DESC, created_at, id;
    `,
  },
  {
    version: 14,
    name: 'when each post was first imported',
    up: `
      -- The instant a post first came into the store (the start of the import
      -- that brought it), for \`tidings plan\`: "imported 2 Dec". Kept when
      -- the post is updated; NULL for posts stored before this migration.
      ALTER TABLE posts ADD COLUMN imported_at TEXT;
    `,
  },
  {
    version: 15,
    name: 'click counts',
    up: `
      -- engagement.clicks: one counter per issue and post, added to by the
      -- redirect (/r/…) in one upsert. url is where the link went.
      CREATE TABLE clicks (
        issue_id TEXT    NOT NULL,
        post_id  TEXT    NOT NULL,
        url      TEXT    NOT NULL,
        clicks   INTEGER NOT NULL CHECK (clicks >= 1),
        first_at TEXT    NOT NULL,
        last_at  TEXT    NOT NULL,
        PRIMARY KEY (issue_id, post_id)
      ) STRICT, WITHOUT ROWID;
      -- engagement.perSubscriber as well: one counter per issue, post and
      -- subscriber; a removed subscriber's counters go with them.
      CREATE TABLE reader_clicks (
        issue_id      TEXT    NOT NULL,
        post_id       TEXT    NOT NULL,
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        clicks        INTEGER NOT NULL CHECK (clicks >= 1),
        last_at       TEXT    NOT NULL,
        PRIMARY KEY (issue_id, post_id, subscriber_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX reader_clicks_by_subscriber ON reader_clicks (subscriber_id);
    `,
  },
  {
    version: 16,
    name: 'inbound events: bounces, complaints and unsubscribes that came back',
    up: `
      -- What came back after a send, kept as evidence (src/inbound/apply.ts):
      -- the delivery and subscriber it was matched to (NULL: kept for
      -- review), what it did, the status code and an excerpt of the report.
      -- fingerprint keeps one report fed twice (a file, then IMAP) to one row.
      -- issue_id and email_hash outlive the delivery and the subscriber.
      CREATE TABLE inbound_events (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint   TEXT    NOT NULL UNIQUE,
        kind          TEXT    NOT NULL
                      CHECK (kind IN ('bounce-hard', 'bounce-soft', 'complaint', 'unsubscribe', 'auto-reply', 'other')),
        source        TEXT    NOT NULL,
        outcome       TEXT    NOT NULL CHECK (outcome IN ('applied', 'counted', 'review', 'ignored')),
        delivery_id   INTEGER REFERENCES deliveries (id) ON DELETE SET NULL,
        issue_id      TEXT,
        subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
        email_hash    TEXT,
        recipient     TEXT,
        status_code   TEXT,
        message_id    TEXT,
        occurred_at   TEXT    NOT NULL,
        received_at   TEXT    NOT NULL,
        detail        TEXT    NOT NULL,
        excerpt       TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX inbound_events_by_address ON inbound_events (email_hash, id);
      CREATE INDEX inbound_events_by_subscriber ON inbound_events (subscriber_id, kind, received_at);
      CREATE INDEX inbound_events_by_issue ON inbound_events (issue_id, kind);
      CREATE INDEX inbound_events_by_delivery ON inbound_events (delivery_id);
      CREATE INDEX inbound_events_for_review ON inbound_events (outcome, id);
      -- a DSN that carries no token is matched by the Message-ID it returns
      CREATE INDEX deliveries_by_message_id ON deliveries (message_id) WHERE message_id IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'period keys: the week, day and month of each post, worked out once',
    up: `
      -- src/store/sqlite/post-periods.ts: the ISO week, day and month each
      -- post's published instant falls in, in zone (config.site.timeZone when
      -- they were worked out). A row whose zone or published differ from the
      -- site's and the post's is stale and worked out again in one pass.
      CREATE TABLE post_periods (
        post_id   TEXT NOT NULL PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        zone      TEXT NOT NULL,
        published TEXT NOT NULL,
        weekly    TEXT NOT NULL,
        daily     TEXT NOT NULL,
        monthly   TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 18,
    name: 'sign-up limits in the store, shared by every server on it',
    up: `
      -- src/store/sqlite/signup-limits.ts: one counter per key (an HMAC of
      -- the client's IP address or of an email address, never the address)
      -- and window; pruned once expires_ms has passed.
      CREATE TABLE signup_limits (
        key             TEXT    NOT NULL,
        window_start_ms INTEGER NOT NULL,
        hits            INTEGER NOT NULL,
        expires_ms      INTEGER NOT NULL,
        PRIMARY KEY (key, window_start_ms)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX signup_limits_by_expiry ON signup_limits (expires_ms);
    `,
  },
  {
    version: 19,
    name: 'a version of everything a build reads, bumped by every change to it',
    up: `
      -- src/build/build-state.ts: a build that finds the same version (and the
      -- same config, templates and code) as the last one renders nothing. One
      -- row; every insert, update and delete of a post, its sources, period
      -- keys or withdrawal, or an issue adds one, in the same transaction.
      -- Not issue numbers: the build gives them itself, to issues its posts
      -- make, so they follow from what it read. Not copied by \`tidings migrate --from\`: PostgreSQL keeps
      -- its own (content_changes).
      CREATE TABLE content_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO content_version (id, n) VALUES (1, 0);
      CREATE TRIGGER posts_insert_content AFTER INSERT ON posts BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER posts_update_content AFTER UPDATE ON posts BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER posts_delete_content AFTER DELETE ON posts BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_sources_insert_content AFTER INSERT ON post_sources BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_sources_update_content AFTER UPDATE ON post_sources BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_sources_delete_content AFTER DELETE ON post_sources BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_withdrawals_insert_content AFTER INSERT ON post_withdrawals BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_withdrawals_update_content AFTER UPDATE ON post_withdrawals BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_withdrawals_delete_content AFTER DELETE ON post_withdrawals BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_periods_insert_content AFTER INSERT ON post_periods BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_periods_update_content AFTER UPDATE ON post_periods BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER post_periods_delete_content AFTER DELETE ON post_periods BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER issues_insert_content AFTER INSERT ON issues BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER issues_update_content AFTER UPDATE ON issues BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
      CREATE TRIGGER issues_delete_content AFTER DELETE ON issues BEGIN UPDATE content_version SET n = n + 1 WHERE id = 1; END;
    `,
  },
  {
    version: 20,
    name: 'a stamp per source file, so an import skips an unchanged file without reading it',
    up: `
      -- src/import/file-stamp.ts: the size and change times an import saw of a
      -- file when it read it, opaque to the store. A file whose stamp is as
      -- recorded is not read again; NULL (rows from before, a file changed
      -- moments before it was read) means read it and compare its hash, as
      -- before. Not watched by the content version (migration 19): a new stamp
      -- for the same bytes changes nothing a build reads.
      ALTER TABLE source_files ADD COLUMN stamp TEXT;
    `,
  },
  {
    version: 21,
    name: "each post's body hash and whether it may hold a relative link",
    up: `
      -- src/model/post-body.ts: written with the post (post-writes.ts), so that
      -- a build reads a post's fingerprint and link check from here and its
      -- body only when it renders the post. A row goes when its post's body
      -- changes by any other way (the trigger): a post without one is read
      -- whole, as before. Derived from the posts, so not watched by the
      -- content version (migration 19).
      CREATE TABLE post_bodies (
        post_id        TEXT    NOT NULL PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        hash           TEXT    NOT NULL,
        relative_links INTEGER NOT NULL CHECK (relative_links IN (0, 1))
      ) STRICT;
      CREATE TRIGGER posts_body_changed AFTER UPDATE OF html, text ON posts BEGIN DELETE FROM post_bodies WHERE post_id = NEW.id; END;
    `,
    fill(db) {
      const put = db.prepare<[string, string, number]>('INSERT INTO post_bodies (post_id, hash, relative_links) VALUES (?, ?, ?)');
      // A page at a time: the bodies of a large blog are not all held at once.
      const page = db.prepare<[string], { id: string; html: string; text: string }>('SELECT id, html, text FROM posts WHERE id > ? ORDER BY id LIMIT 500');
      for (let after = '', rows = page.all(after); rows.length > 0; rows = page.all(after)) {
        for (const row of rows) {
          const facts = bodyFactsOf(row.html, row.text);
          put.run(row.id, facts.hash, facts.relativeLinks ? 1 : 0);
        }
        after = rows.at(-1)?.id ?? after;
      }
    },
  },
];
