/**
 * A template tag that links to another post or file of the site, written
 * out as the path it names, so that the link becomes an ordinary relative
 * link: the build resolves it to the target post's address (or the file's),
 * or warns when nothing is there (build/post-links.ts).
 *
 * - Jekyll `{% post_url 2011-04-27-name %}`: the post's file name without
 *   its extension, relative to `_posts/` (the build also finds it by name).
 * - Jekyll `{% link _posts/2011-04-27-name.md %}`: a path from the site's
 *   folder, so it becomes `/_posts/2011-04-27-name.md`.
 * - Hugo `{{< ref "other.md" >}}`, `{{< relref "/posts/other" >}}` (also
 *   `path="…"`): relative to the page, or with a leading slash to content/.
 * - Eleventy's `{% ref "2023-07-12-name.md" %}` (a shortcode many Eleventy
 *   blogs define, after Hugo's): a post's file, found by its name.
 */
const LIQUID = /^\{%-?\s*(post_url|link|ref|relref)\s+(["']?)([^"'%\s]+)\2\s*-?%\}$/;
const HUGO = /^\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?(["']?)([^"'\s>%]+)\1[^>%]*[>%]\}\}$/;

/** The path a post-link tag names (percent-encoded where a URL needs it), or undefined when `tag` is not one. */
export function linkTagTarget(tag: string): string | undefined {
  const liquid = LIQUID.exec(tag.trim());
  if (liquid) {
    const target = liquid[3] ?? '';
    return encode(liquid[1] === 'link' ? `/${target.replace(/^\/+/, '')}` : target);
  }
  const hugo = HUGO.exec(tag.trim());
  if (hugo) return encode(hugo[2] ?? '');
  return undefined;
}

function encode(target: string): string {
  return target.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}
