import type { Config } from '../config/schema.js';
import type { Issue } from '../digest/model.js';
import { issueRenderer } from '../digest/issue-renderer.js';
import { issueUrl } from '../digest/paths.js';
import type { DigestTemplates } from '../digest/templates/compile.js';
import { unsubscribeMailto } from '../mail/list-headers.js';
import { returnPathBase, taggedAddress } from '../mail/return-path.js';
import { compileMimeTemplate, type MimeTemplate } from '../mail/mime-template.js';
import type { Subscriber } from '../store/store.js';
import { subscriptionLinks, type SubscriptionLinks } from '../subscribers/links.js';
import { createTokenSigner } from '../subscribers/tokens.js';
import { createDeliveryTokenSigner, type DeliveryTokenSigner } from '../subscribers/delivery-tokens.js';
import { deliveryMessageIds } from './message-id.js';
import { readerTokens } from '../engagement/reader.js';

/** One message, ready for the transport. */
export interface OutgoingRaw {
  readonly raw: Buffer;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly messageId: string;
  /** The variant it carries ('*' for the whole issue). */
  readonly variant: string;
}

export interface MessageMaker {
  /**
   * A subscriber's copy: their themes' sections, their name and signed links, their stable Message-ID. Null when they follow no theme of the issue's posts.
   * With the delivery's id, its envelope sender is `bounces+<token>@…` (VERP) and its List-Unsubscribe mailto: carries a token, both naming that delivery.
   */
  forSubscriber(subscriber: Pick<Subscriber, 'id' | 'email' | 'name' | 'themes'>, deliveryId?: number): Promise<OutgoingRaw | null>;
  /** A copy for anyone (a test send): `links` are theirs when they are a subscriber, else placeholders; `messageId` is the caller's. */
  forAddress(to: { email: string; name: string; themes: readonly string[] }, links: { preferencesUrl: string; unsubscribeUrl: string }, messageId: string): Promise<OutgoingRaw | null>;
  /** Variants compiled so far, and those that could not be spliced (composed whole, slowly), with why. */
  readonly compiled: number;
  readonly unspliced: ReadonlyMap<string, string>;
}

export interface MessageMakerInput {
  readonly issue: Issue;
  readonly config: Config;
  readonly templates: DigestTemplates;
  /** Signs the unsubscribe and preferences links (subscriptions.secret); not needed for test copies. */
  readonly secret?: string;
  /** The messages' Date, and the instant the links' lifetime counts from. */
  readonly now: Date;
  /** Told once per variant about render warnings (a message Gmail will clip), and once per send about messages composed whole instead of spliced. */
  readonly warn?: (message: string) => void;
}

/**
 * Makes the messages of one issue: MJML renders each variant once and
 * nodemailer composes it once (see mail/mime-template.ts); each recipient's
 * message is then a splice of their values into those bytes.
 */
export function messageMaker(input: MessageMakerInput): MessageMaker {
  const { issue, config, templates, now } = input;
  const renderer = issueRenderer(issue, { config, templates });
  const webVersionUrl = issueUrl(config, issue.id);
  // The envelope sender: the return path, tagged per delivery when there is one (a test copy has none).
  const returnPath = returnPathBase(config);
  let deliveryTokens: DeliveryTokenSigner | undefined;
  const compiled = new Map<string, Promise<MimeTemplate>>();
  const unspliced = new Map<string, string>();
  let links: SubscriptionLinks | undefined;
  const messageIdOf = deliveryMessageIds(config, issue.id);
  const readerOf = readerTokens(config, issue.id);
  // The first fallback from splicing to composing whole is told, once: the summary lists every variant's.
  let toldSlow = false;
  const slow = (what: string): void => {
    if (toldSlow) return;
    toldSlow = true;
    input.warn?.(`issue ${issue.id}: ${what}; composing each message whole is slow (milliseconds instead of microseconds a message); further such cases in this send are not warned about again`);
  };
  const variantName = (variant: string): string => (variant === '*' ? 'every theme' : `themes ${variant}`);

  const templateFor = (themes: readonly string[]): Promise<{ template: MimeTemplate; variant: string }> | null => {
    const rendered = renderer.forThemes(themes);
    if (rendered === null) return null;
    let template = compiled.get(rendered.variant);
    if (template === undefined) {
      for (const warning of rendered.warnings) input.warn?.(warning);
      const composedWhole = (email: string): void => slow(`the message for ${email} (${variantName(rendered.variant)}) is composed whole, not spliced: an address beyond ASCII or an unusual Message-ID`);
      template = compileMimeTemplate({ rendered, config, date: now, webVersionUrl, composedWhole }).then((made) => {
        if (!made.spliced) {
          unspliced.set(rendered.variant, made.reason ?? 'unknown');
          slow(`every message for ${variantName(rendered.variant)} is composed whole, not spliced: ${made.reason ?? 'unknown'}`);
        }
        return made;
      });
      compiled.set(rendered.variant, template);
    }
    return template.then((made) => ({ template: made, variant: rendered.variant }));
  };

  const make = async (
    to: { email: string; name: string; themes: readonly string[] },
    urls: { preferencesUrl: string; unsubscribeUrl: string; reader?: string },
    messageId: string,
    tokens?: { bounce: string; unsubscribe: string },
  ): Promise<OutgoingRaw | null> => {
    const pending = templateFor(to.themes);
    if (pending === null) return null;
    const { template, variant } = await pending;
    const mailto = tokens === undefined ? {} : { unsubscribeMailto: unsubscribeMailto(config, tokens.unsubscribe) };
    const raw = await template.message({ email: to.email, name: to.name, messageId, ...urls, ...mailto });
    return { raw, envelope: { from: taggedAddress(returnPath, tokens?.bounce), to: [to.email] }, messageId, variant };
  };

  return {
    async forSubscriber(subscriber, deliveryId) {
      if (input.secret === undefined) throw new Error('messageMaker: a secret is needed to sign subscribers’ links');
      deliveryTokens ??= createDeliveryTokenSigner(input.secret);
      links ??= subscriptionLinks(
        createTokenSigner(input.secret),
        { baseUrl: config.site.baseUrl, confirmDays: config.subscriptions.confirmDays, linkDays: config.subscriptions.linkDays },
        now,
      );
      // Both links name the address the page of deliveries carries (no lookup per recipient), in one token.
      const both = links.forRecipient(subscriber.email);
      const urls = { preferencesUrl: both.preferences.url, unsubscribeUrl: both.unsubscribe.url, reader: readerOf(subscriber.id) };
      const tokens =
        deliveryId === undefined
          ? undefined
          : { bounce: deliveryTokens.sign('bounce', deliveryId, subscriber.email), unsubscribe: deliveryTokens.sign('unsubscribe', deliveryId, subscriber.email) };
      return make(subscriber, urls, messageIdOf(subscriber.id), tokens);
    },
    forAddress: (to, urls, messageId) => make(to, urls, messageId),
    get compiled() {
      return compiled.size;
    },
    unspliced,
  };
}
