import { z } from 'zod';
import { MIN_WEBHOOK_SECRET_LENGTH } from './limits.js';

/**
 * `inbound.webhooks`: the relays' bounce and complaint webhooks that
 * `tidings serve` and `tidings start` answer at `/hooks/<provider>/<secret>`.
 * A provider is on when its section is present (`mailgun: {}` will do when
 * its key comes from the environment); each key can come from the
 * environment instead of the file (see webhooks-env.ts), which keeps
 * secrets out of a config that is committed.
 */

export { MIN_WEBHOOK_SECRET_LENGTH } from './limits.js';

const seconds = z.number().int().min(1).max(86_400);

export const webhooksSchema = z
  .object({
    /** The last segment of every webhook URL (`/hooks/mailgun/<secret>`); TIDINGS_WEBHOOK_SECRET overrides it. */
    secret: z
      .string()
      .min(MIN_WEBHOOK_SECRET_LENGTH, `at least ${MIN_WEBHOOK_SECRET_LENGTH} characters of random letters and digits`)
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only (it is part of a URL)')
      .optional(),
    /** Amazon SES through an SNS topic subscribed over HTTPS; the SNS signature and its certificate are checked. */
    ses: z
      .object({
        /** Only these topics are taken (e.g. "arn:aws:sns:eu-west-1:123456789012:tidings-bounces"); empty: any topic whose message verifies. */
        topicArns: z.array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, 'an SNS topic ARN such as "arn:aws:sns:eu-west-1:123456789012:tidings-bounces"')).default([]),
      })
      .strict()
      .optional(),
    /** Postmark's bounce, spam-complaint and subscription-change webhooks; with a username, HTTP basic auth is required too. */
    postmark: z
      .object({
        username: z.string().min(1).optional(),
        /** TIDINGS_POSTMARK_WEBHOOK_PASSWORD overrides it. */
        password: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Mailgun's webhooks: HMAC-SHA256 of timestamp and token with the webhook signing key. */
    mailgun: z
      .object({
        /** The HTTP webhook signing key (Mailgun: Sending, Webhooks); TIDINGS_MAILGUN_SIGNING_KEY overrides it. */
        signingKey: z.string().min(1).optional(),
        /** Older signatures are refused (replays); Mailgun signs each attempt afresh. */
        maxAgeSeconds: seconds.default(300),
      })
      .strict()
      .optional(),
    /** SendGrid's signed Event Webhook: ECDSA P-256 over timestamp and payload. */
    sendgrid: z
      .object({
        /** The verification key SendGrid shows (base64 DER, or PEM); TIDINGS_SENDGRID_WEBHOOK_KEY overrides it. */
        publicKey: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .prefault({});

export type WebhooksConfig = z.infer<typeof webhooksSchema>;
