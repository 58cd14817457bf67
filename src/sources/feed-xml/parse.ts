/**
 * Parsing a feed file: an HTML page is turned away (naming its feed when it
 * links one), the XML is checked for well-formedness, and the lenient parser
 * reads it. A broken tree (unclosed, mismatched, cut short) fails the file;
 * lesser faults (a bare `&`) are read anyway, with a warning.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { diagnostic } from '../../model/diagnostic.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { feedLinkIn, looksLikeHtml } from '../detect.js';
import { lineCount, lineOfFirst } from '../shared/lines.js';
import type { Feed } from './types.js';

/** Validator codes that mean the tree itself is wrong (unclosed, mismatched, cut short). */
const STRUCTURAL_XML_ERRORS = new Set(['InvalidTag', 'InvalidXml']);

export type FeedParse = { ok: true; feed: Feed; warning?: Diagnostic } | { ok: false; failure: Diagnostic };

/** The parsed feed of `text` (without its BOM), or the one diagnostic that says why it cannot be read. */
export function parseFeedText(path: string, text: string): FeedParse {
  if (looksLikeHtml(text)) return { ok: false, failure: notAFeedButHtml(path, text) };

  const validation = XMLValidator.validate(text);
  const xmlError = validation === true ? null : validation.err;

  let feed: Feed;
  try {
    feed = parseFeed(text);
  } catch (error) {
    if (xmlError) return { ok: false, failure: malformed(path, text, xmlError) };
    if (isInvalidFeedError(error)) {
      return {
        ok: false,
        failure: diagnostic(
          path,
          0,
          'not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)',
          'import the feed itself, not another XML document',
        ),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      failure: diagnostic(
        path,
        lineOfFirst(text, '<!ENTITY'),
        `the XML cannot be read: ${message}`,
        'remove the DOCTYPE and its entity declarations; feeds do not need them',
      ),
    };
  }
  if (xmlError && STRUCTURAL_XML_ERRORS.has(xmlError.code)) return { ok: false, failure: malformed(path, text, xmlError) };
  if (!xmlError) return { ok: true, feed };

  const warning = diagnostic(
    path,
    xmlError.line,
    `not well-formed XML (${xmlError.msg}); read leniently`,
    'check the items from this line on, and ask the feed publisher to escape & and < as &amp; and &lt;',
    'warning',
  );
  return { ok: true, feed, warning };
}

interface XmlError {
  code: string;
  msg: string;
  line: number;
}

function malformed(path: string, text: string, error: XmlError): Diagnostic {
  const unclosed = /^Invalid '\[(.*)\]' found/s.exec(error.msg);
  if (unclosed) {
    const names = [...(unclosed[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    const innermost = names[names.length - 1] ?? 'an element';
    return diagnostic(
      path,
      lineCount(text),
      `not well-formed XML: the file ends before <${innermost}> is closed (it looks cut short)`,
      'download or export the feed again',
    );
  }
  return diagnostic(
    path,
    error.line,
    `not well-formed XML: ${error.msg}`,
    'fix the XML at this line, or download or export the feed again',
  );
}

function notAFeedButHtml(path: string, text: string): Diagnostic {
  const alternate = feedLinkIn(text, path);
  return diagnostic(
    path,
    0,
    'this is an HTML page, not an RSS or Atom feed',
    alternate
      ? `the page names its feed: import ${alternate} instead`
      : "import the feed's address (look for a link to RSS or Atom on the site), not the page",
  );
}

function isInvalidFeedError(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'INVALID_FEED';
}
