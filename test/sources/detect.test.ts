import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, looksLikeFeedXml, looksLikeHtml, looksLikeJsonFeed, undetectedDiagnostic } from '../../src/sources/detect.js';

const RSS = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>';
const ATOM = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">';
const RDF = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">';
const JSON_FEED = '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title": "x"';
const HTML = '<!DOCTYPE html>\n<html><head><title>x</title>';

function head(name: string): string {
  return readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8').slice(0, 4096);
}

describe('detectFormat by extension, confirmed by the first bytes', () => {
  it.each([
    ['content/posts/2019/hello.md', '---\ndate: 2019-07-31\n---\n', 'markdown'],
    ['content/posts/Hello.MARKDOWN', '# Hello', 'markdown'],
    ['content/imports/blog.txt', 'anything', 'text-export'],
    ['imports/feed.xml', RSS, 'feed-xml'],
    ['imports/feed.rss', RSS, 'feed-xml'],
    ['imports/atom.xml', ATOM, 'feed-xml'],
    ['imports/feed.atom', ATOM, 'feed-xml'],
    ['imports/rss1.xml', RDF, 'feed-xml'],
    ['imports/feed.json', JSON_FEED, 'json-feed'],
    ['C:\\blog\\FEED.XML', `\ufeff${RSS}`, 'feed-xml'],
  ] as const)('%s is read by %s', (path, text, adapter) => {
    expect(detectFormat(path, text)).toBe(adapter);
  });

  it.each([
    ['imports/page.xml', head('page.xml')],
    ['imports/sitemap.xml', head('sitemap.xml')],
    ['imports/package.json', head('not-a-feed.json')],
    ['imports/feed.xml', JSON_FEED],
    ['imports/feed.json', RSS],
    ['imports/photo.jpg', RSS],
    ['imports/README', RSS],
    ['imports/notes.html', HTML],
  ])('%s is not misread (null)', (path, text) => {
    expect(detectFormat(path, text)).toBeNull();
  });

  it('sees through comments, processing instructions and a DOCTYPE before the root element', () => {
    const text =
      '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="rss.xsl"?>\n<!-- generated -->\n' +
      '<!DOCTYPE rss [ <!ENTITY nbsp "&#160;"> ]>\n<rss version="2.0">';
    expect(detectFormat('feed.xml', text)).toBe('feed-xml');
  });

  it('recognises a JSON Feed whose slashes are escaped (PHP json_encode)', () => {
    expect(looksLikeJsonFeed('{"version":"https:\\/\\/jsonfeed.org\\/version\\/1","items":[]}')).toBe(true);
  });
});

describe('detectFormat for a URL (the caller fetched the body): by sniffing alone', () => {
  it.each([
    ['https://blog.example.org/feed/', RSS, 'feed-xml'],
    ['https://blog.example.org/feed.json', JSON_FEED, 'json-feed'],
    ['HTTP://blog.example.org/?feed=atom', ATOM, 'feed-xml'],
    ['https://blog.example.org/feed.xml', HTML, null],
    ['https://blog.example.org/post.md', '---\ndate: 2019-07-31\n---\n', null],
  ] as const)('%s -> %s', (url, text, adapter) => {
    expect(detectFormat(url, text)).toBe(adapter);
  });
});

describe('sniffers', () => {
  it('tell an HTML page from a feed', () => {
    expect(looksLikeHtml(HTML)).toBe(true);
    expect(looksLikeHtml('<html lang="en">')).toBe(true);
    expect(looksLikeHtml(RSS)).toBe(false);
    expect(looksLikeFeedXml(HTML)).toBe(false);
  });

  it('need the root element, not just the word', () => {
    expect(looksLikeFeedXml('<?xml version="1.0"?><rsstuff/>')).toBe(false);
    expect(looksLikeFeedXml('hello <rss>')).toBe(false);
    expect(looksLikeFeedXml('')).toBe(false);
    expect(looksLikeJsonFeed('{"title": "https://jsonfeed.org/version/1"}')).toBe(false);
    expect(looksLikeJsonFeed('[{"version": "https://jsonfeed.org/version/1.1"}]')).toBe(false);
  });
});

describe('undetectedDiagnostic: why a file is not read, and what to do', () => {
  it('names the feed an HTML page links to, resolved against the page address', () => {
    const page = '<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head>';
    expect(undetectedDiagnostic('https://blog.example.org/about/', page)).toMatchObject({
      file: 'https://blog.example.org/about/',
      line: 0,
      severity: 'error',
      message: 'this is an HTML page, not a feed',
      hint: 'the page names its feed: import https://blog.example.org/atom.xml instead',
    });
  });

  it.each([
    ['imports/sitemap.xml', head('sitemap.xml'), 'not an RSS or Atom feed'],
    ['imports/feed.xml', JSON_FEED, 'JSON Feed with an XML name'],
    ['imports/feed.json', RSS, 'RSS or Atom feed with a JSON name'],
    ['imports/package.json', head('not-a-feed.json'), 'not a JSON Feed'],
    ['imports/notes.txt', 'shopping list', 'not a plain-text blog export'],
    ['imports/photo.jpg', '\u00ff\u00d8', 'does not read .jpg files'],
  ])('%s: %s', (path, text, message) => {
    const d = undetectedDiagnostic(path, text);
    expect(d).toMatchObject({ file: path, severity: 'error', message: expect.stringContaining(message) });
    expect(d.hint).toBeTruthy();
  });
});
