import { z } from 'zod';
import { smtpUrlProblem } from '../mail/smtp/endpoint.js';
import { cronProblem } from '../schedule/cron-check.js';
import { permalinkRuleProblem } from '../addresses/permalink-rule.js';
import { webhooksSchema } from './webhooks-schema.js';
import { parseIpRange } from '../server/proxy/ip-address.js';
import { DEFAULT_SUBJECT, subjectFormProblem } from '../digest/subject-form.js';
import { MIN_SECRET_LENGTH, SMTP_URL, SMTP_URL_HINT } from './limits.js';

/**
 * The one config file (tidings.config.yaml at the project root). Every value
 * has a default, unknown keys are errors, and the error names the key and
 * what is allowed (see load.ts).
 */

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug: lower-case letters, digits and single hyphens, e.g. "ofsted-and-inspection"');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as "Europe/London" or "UTC"' },
);

const absoluteUrl = z
  .string()
  .url('an absolute http(s) URL such as "https://example.org/"')
  .refine((u) => /^https?:\/\//.test(u), 'an absolute http(s) URL such as "https://example.org/"');

export { MIN_SECRET_LENGTH, SMTP_URL, SMTP_URL_HINT } from './limits.js';

const smtpUrl = z
  .string()
  .regex(SMTP_URL, SMTP_URL_HINT)
  .superRefine((url, ctx) => {
    // The settings after '?' are the transport's: checked here so that the error names the config line.
    const problem = SMTP_URL.test(url) ? smtpUrlProblem(url) : null;
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `${problem}; ${SMTP_URL_HINT}` });
  });

/** A timeout in seconds (fractions allowed), at most a day. */
const seconds = z.number().positive().max(86_400);

export const themeSchema = z
  .object({
    slug,
    name: z.string().min(1),
    /** The theme's name in roundup subjects, when a shorter one reads better there ("Ofsted"); default: name. */
    subjectName: z.string().min(1).optional(),
    description: z.string().default(''),
    keywords: z.array(z.string().min(1)).default([]),
    minScore: z.number().int().min(1).default(2),
  })
  .strict();

export const configSchema = z
  .object({
    site: z
      .object({
        title: z.string().min(1).default('My blog'),
        description: z.string().default(''),
        baseUrl: absoluteUrl.default('http://127.0.0.1:8080/'),
        author: z.string().default('Anonymous'),
        language: z
          .string()
          .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en-GB"')
          .default('en-GB'),
        timeZone: timeZone.default('UTC'),
      })
      .strict()
      .prefault({}),
    content: z
      .object({
        /** Folders and files `tidings import` reads when given no path. */
        paths: z.array(z.string().min(1)).default(['content']),
        /** Larger files are refused with a diagnostic instead of being read into memory. */
        maxFileMegabytes: z.number().positive().max(1024).default(32),
        /** Read the pages of a WordPress or Ghost export as posts too (by default only its posts are read). */
        pages: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    store: z
      .object({
        /** SQLite file; TIDINGS_STORE_URL (a file path) overrides it. */
        path: z.string().min(1).default('.tidings/tidings.db'),
        /**
         * Where the store is, as a URL: postgres://… (or postgresql://…) for
         * PostgreSQL, sqlite:PATH for SQLite; takes the place of `path` when
         * set. TIDINGS_STORE_URL overrides it.
         */
        url: z
          .string()
          .regex(/^(postgres|postgresql|sqlite):/, 'must start postgres://, postgresql:// or sqlite:')
          .optional(),
      })
      .strict()
      .prefault({}),
    themes: z.array(themeSchema).default([]),
    /** Most themes the keyword rules give one post (the best-scoring ones); stated themes are all kept. */
    maxThemesPerPost: z.number().int().min(1).max(50).default(3),
    /** Slug of the theme given to a post that no rule matches; none when unset. */
    defaultTheme: slug.optional(),
    feeds: z
      .object({
        /** Newest items in each main feed; older ones stay reachable in archive pages (RFC 5005). */
        items: z.number().int().min(1).max(10000).default(50),
        /** WebSub hub to notify after a build that changed a feed. */
        hub: absoluteUrl.optional(),
      })
      .strict()
      .prefault({}),
    build: z
      .object({
        outDir: z.string().min(1).default('out'),
      })
      .strict()
      .prefault({}),
    pages: z
      .object({
        /**
         * Which posts get a page of tidings' own: auto = only posts without an
         * address of their own (a feed item's link, a front-matter url or
         * permalink, the rule below); always = every post (a page for a post
         * that lives elsewhere carries rel=canonical to it); never = none.
         */
        posts: z.enum(['auto', 'always', 'never']).default('auto'),
        /**
         * The generator's permalink rule for Markdown posts that name no
         * address: Jekyll's (`/:year/:month/:day/:title/`, `pretty`, `date`)
         * or Hugo's (`/:year/:month/:slug/`). Unset: posts/yyyy/mm/slug/.
         */
        permalink: z
          .string()
          .min(1)
          .superRefine((rule, ctx) => {
            const problem = permalinkRuleProblem(rule);
            if (problem !== null) ctx.addIssue({ code: 'custom', message: `not a permalink rule: "${rule}" (${problem}); e.g. "/:year/:month/:day/:title/"` });
          })
          .optional(),
      })
      .strict()
      .prefault({}),
    digest: z
      .object({
        /** How posts are grouped into roundups (Issues), in the site's time zone. */
        period: z.enum(['weekly', 'daily', 'monthly']).default('weekly'),
        /** Visual theme: a folder under templates/themes/ (built in: light, dusk). */
        visualTheme: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]*$/, 'a folder name under templates/themes/, e.g. "light"')
          .default('light'),
        /** Your own templates; a file here replaces the built-in one of the same name. */
        templatesDir: z.string().min(1).default('templates'),
        /** Longest excerpt of a post in an email, in characters. */
        excerptLength: z.number().int().min(50).max(2000).default(280),
        /** The form of a roundup's subject: {themes} (fitted), {when}, {period}, {posts}, {site}. */
        subject: z
          .string()
          .min(1)
          .superRefine((form, ctx) => {
            const problem = subjectFormProblem(form);
            if (problem !== null) ctx.addIssue({ code: 'custom', message: `${problem}; e.g. "{themes} · {when}"` });
          })
          .default(DEFAULT_SUBJECT),
      })
      .strict()
      .prefault({}),
    email: z
      .object({
        /** The From header, e.g. "Child Protection Commentary <roundup@example.org>". */
        from: z.string().min(3).default('tidings <roundup@localhost>'),
        replyTo: z.string().min(3).optional(),
        /** The sender's postal address, shown in every email's footer. */
        postalAddress: z.string().default(''),
        /** Address for mailto: unsubscribes (List-Unsubscribe); default: unsubscribe@ the From domain. */
        unsubscribeMailto: z.string().email('an e-mail address such as "unsubscribe@example.org"').optional(),
        /**
         * The envelope sender (Return-Path) of roundups, made per delivery as
         * `<local>+<token>@<domain>` (VERP): a domain ("bounces.example.org",
         * local part "bounces") or an address ("bounces@example.org").
         * Default: bounces@ the From domain.
         */
        returnPath: z
          .string()
          .regex(/^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/, 'a domain such as "bounces.example.org" or an address such as "bounces@example.org" (no "+" in it: tidings adds the token after one)')
          .optional(),
      })
      .strict()
      .prefault({}),
    smtp: z
      .object({
        /** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS); TIDINGS_SMTP_URL overrides it. None: messages go to out/outbox/. */
        url: smtpUrl.optional(),
        pool: z
          .object({
            /** Connections open at once to the relay. */
            maxConnections: z.number().int().min(1).max(100).default(5),
            /** Messages per second over all connections; 0 means no limit. */
            rateLimit: z.number().min(0).max(10_000).default(0),
            /** Messages one connection carries before a fresh one takes over; 0 means no cap. */
            maxMessages: z.number().int().min(0).max(1_000_000).default(1000),
          })
          .strict()
          .prefault({}),
        /** Seconds to wait for the relay; the defaults are RFC 5321 §4.5.3.2's (10 minutes for the end of a message). */
        timeouts: z
          .object({
            connect: seconds.default(30),
            greeting: seconds.default(300),
            command: seconds.default(300),
            dataStart: seconds.default(120),
            dataBlock: seconds.default(180),
            dataEnd: seconds.default(600),
            idle: seconds.default(60),
          })
          .strict()
          .prefault({}),
        /** DKIM-sign every message with this key. */
        dkim: z
          .object({
            domainName: z.string().min(1),
            keySelector: z.string().min(1),
            /** PEM private key file (relative to the config file's folder). */
            privateKeyFile: z.string().min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    send: z
      .object({
        /** How long a sender's claim on an issue holds unless renewed (every third of it); a crashed send can be resumed once it lapses. */
        leaseSeconds: z.number().int().min(1).max(3600).default(30),
        /** With a PostgreSQL store: how sends are shared among `tidings worker` processes (send/queue/). */
        queue: z
          .object({
            /** Deliveries per page, the unit a worker claims. */
            pageSize: z.number().int().min(1).max(10_000).default(200),
            /** How long a worker may hold a page; a page held longer (its worker died) is handed to another, and what it had in flight is in doubt. */
            pageSeconds: z.number().int().min(2).max(86_400).default(300),
            /** How often a page whose messages the relay kept deferring is tried again before it is left pending for the next `tidings send`. */
            retries: z.number().int().min(0).max(100).default(5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    subscriptions: z
      .object({
        /** Signs the links in emails (HMAC-SHA256); TIDINGS_SECRET overrides it. Without one the endpoints stay off. */
        secret: z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters of random text`).optional(),
        /** Whether every built page links to the subscription page: auto = when a secret is set (the endpoints are on). */
        signUpLink: z.enum(['auto', 'always', 'never']).default('auto'),
        /** How long a confirmation link works. */
        confirmDays: z.number().int().min(1).max(90).default(7),
        /** How long preferences links work (unsubscribe links never expire). */
        linkDays: z.number().int().min(1).max(3650).default(365),
        /** At most one confirmation email per address in this many minutes, whoever asks. */
        confirmationIntervalMinutes: z.number().positive().max(7 * 24 * 60).default(60),
        /** Sign-ups one address (IP) may post per window, answered 429 beyond it. */
        rateLimitPerIp: z.number().int().min(1).max(10_000).default(5),
        rateLimitWindowMinutes: z.number().positive().max(24 * 60).default(10),
      })
      .strict()
      .prefault({}),
    engagement: z
      .object({
        /** Count clicks on the links to posts in roundups, per issue and post, through a signed redirect on tidings' own server (/r/…). Off: links are the posts' own URLs. */
        clicks: z.boolean().default(false),
        /** Count clicks per subscriber too (needs clicks); every roundup's footer then says so. */
        perSubscriber: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    schedule: z
      .object({
        /** When roundups go out: a cron expression (node-cron: 5 fields, or 6 with seconds first) in site.timeZone. */
        cron: z
          .string()
          .default('0 8 * * 1')
          .superRefine((expression, ctx) => {
            const problem = cronProblem(expression);
            if (problem !== null) {
              ctx.addIssue({ code: 'custom', message: `not a cron expression: "${expression}" (${problem}); e.g. "0 8 * * 1" for Mondays at 08:00` });
            }
          }),
        /** A run missed while the scheduler was down is made up at start if it is at most this many days late; older ones are never sent by themselves. */
        catchUpDays: z.number().positive().max(366).default(7),
        /** false: `tidings schedule` refuses to run and `tidings start` serves without the scheduler. */
        enabled: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        /** Address `tidings serve` listens on: this machine only unless told otherwise. */
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /**
         * Reverse proxies (addresses and CIDR ranges, IPv4 and IPv6) whose Forwarded and
         * X-Forwarded-For headers name the client (server/proxy/client-address.ts); none: every
         * request is its socket peer's, whatever its headers say.
         */
        trustedProxies: z
          .array(
            z.string().superRefine((entry, ctx) => {
              if (parseIpRange(entry.trim()) === undefined) {
                ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: "${entry}"; e.g. "127.0.0.1", "10.0.0.0/8" or "fd00::/8"` });
              }
            }),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    /** What comes back after a send: the listener, the soft-bounce rule, an IMAP mailbox; `webhooks`: the relays' bounce and complaint webhooks (webhooks-schema.ts). */
    inbound: z
      .object({
        webhooks: webhooksSchema,
        /** Address the `tidings inbound --listen` SMTP listener binds to (0.0.0.0 when it is the MX of the bounce domain). */
        host: z.string().min(1).default('127.0.0.1'),
        /** Its port; `--port` overrides it; 0 picks a free port. */
        port: z.number().int().min(0).max(65535).default(2525),
        /** Largest message the listener takes, in bytes (a DSN with the whole roundup attached is about its size). */
        maxMessageBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(2 * 1024 * 1024),
        /** Temporary failures (4.x.x, delayed): a subscriber is bounced after this many deliveries soft-bounced within `windowDays`. */
        softBounce: z
          .object({
            limit: z.number().int().min(1).max(100).default(3),
            windowDays: z.number().int().min(1).max(365).default(30),
          })
          .strict()
          .prefault({}),
        /** A mailbox `tidings inbound --imap` reads bounces from. The password comes from the environment variable `passwordEnv`. */
        imap: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).default(993),
            /** TLS from the start (port 993); false: plain, upgraded with STARTTLS when the server offers it. */
            secure: z.boolean().default(true),
            user: z.string().min(1),
            /** The environment variable holding the password (never the config file). */
            passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as "TIDINGS_IMAP_PASSWORD"').default('TIDINGS_IMAP_PASSWORD'),
            mailbox: z.string().min(1).default('INBOX'),
            /** What becomes of a message once read: 'move' to `moveTo`, or 'seen' (flagged \\Seen, left in place; unseen ones are read). */
            processed: z.enum(['move', 'seen']).default('seen'),
            moveTo: z.string().min(1).default('tidings-processed'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    preview: z
      .object({
        /** Address `tidings preview` and its inbox listen on: this machine only unless told otherwise. */
        host: z.string().min(1).default('127.0.0.1'),
        /** Port of the preview's pages; `--port` overrides it; 0 picks a free port. */
        port: z.number().int().min(0).max(65535).default(4321),
        /** Port of the preview's SMTP inbox (the relay it sends test messages through); `--inbox-port` overrides it; 0 picks a free port. */
        inboxPort: z.number().int().min(0).max(65535).default(1025),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.themes.forEach((t, i) => {
      if (seen.has(t.slug)) {
        ctx.addIssue({ code: 'custom', path: ['themes', i, 'slug'], message: `duplicate theme slug "${t.slug}": each theme needs its own slug` });
      }
      seen.add(t.slug);
    });
    if (cfg.engagement.perSubscriber && !cfg.engagement.clicks) {
      ctx.addIssue({ code: 'custom', path: ['engagement', 'perSubscriber'], message: 'counting clicks per subscriber needs engagement.clicks: true as well' });
    }
    if (cfg.defaultTheme !== undefined && !seen.has(cfg.defaultTheme)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultTheme'],
        message: `"${cfg.defaultTheme}" is not a theme; allowed: ${[...seen].map((s) => `"${s}"`).join(', ') || 'declare it under themes first'}`,
      });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type ThemeConfig = z.infer<typeof themeSchema>;
