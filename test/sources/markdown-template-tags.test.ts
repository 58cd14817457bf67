/**
 * Liquid tags and Hugo shortcodes never reach a reader (issue 15, item 2 in
 * part): rendered where their meaning is standard, otherwise removed with a
 * warning at their line; code is left as written.
 */
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../src/sources/markdown.js';
import { renderTemplateTags } from '../../src/sources/markdown/template-tags.js';

function render(body: string) {
  return renderTemplateTags('post.md', body, 10);
}

describe('renderTemplateTags', () => {
  it('leaves a body without template code untouched', () => {
    expect(render('Plain *text* with {braces}.\n')).toEqual({ markdown: 'Plain *text* with {braces}.\n', diagnostics: [] });
  });

  it('turns a Liquid highlight block and a Hugo highlight shortcode into fenced code, tags inside kept', () => {
    const { markdown, diagnostics } = render(
      'Before.\n{% highlight ruby linenos %}\nputs "{{ name }}"\n{% endhighlight %}\n{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n',
    );
    expect(markdown).toBe('Before.\n\n```ruby\nputs "{{ name }}"\n```\n\n\n```go\nfunc main() {}\n```\n\n');
    expect(diagnostics).toEqual([]);
  });

  it('keeps the inside of {% raw %} and drops {% comment %} blocks', () => {
    expect(render('A {% raw %}{{ page.title }}{% endraw %} B {% comment %}note to self{% endcomment %}C').markdown).toBe('A {{ page.title }} B C');
  });

  it('never touches fenced code or inline code', () => {
    const body = '```\n{{< youtube abc >}}\n{% include x.html %}\n```\nUse `{{ site.title }}` here.\n';
    expect(render(body)).toEqual({ markdown: body, diagnostics: [] });
  });

  it('renders figure and img shortcodes as a figure, youtube, vimeo, gist and tweet as links', () => {
    const { markdown, diagnostics } = render(
      '{{< figure src="/img/gull.jpg" caption="A \\"gull\\" & a <boat>" >}}\n{{% img src="/img/b.png" alt="B" %}}\n' +
        '{{< youtube w7Ft2ymGmfc >}} {{< vimeo id="146022717" >}} {{< gist spf13 7896402 >}} {{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}\n',
    );
    expect(markdown).toContain('<figure><img src="/img/gull.jpg" alt="A &quot;gull&quot; &amp; a &lt;boat&gt;"><figcaption>A &quot;gull&quot; &amp; a &lt;boat&gt;</figcaption></figure>');
    expect(markdown).toContain('<figure><img src="/img/b.png" alt="B"></figure>');
    expect(markdown).toContain('(https://www.youtube.com/watch?v=w7Ft2ymGmfc)');
    expect(markdown).toContain('(https://vimeo.com/146022717)');
    expect(markdown).toContain('(https://gist.github.com/spf13/7896402)');
    expect(markdown).toContain('(https://x.com/SanDiegoZoo/status/1453110110599868418)');
    expect(diagnostics).toEqual([]);
  });

  it('drops site.url and site.baseurl before a path, and reads a relative_url filter', () => {
    expect(render('![a]({{ site.baseurl }}/a.png) ![b]({{ "/b.png" | relative_url }})').markdown).toBe('![a](/a.png) ![b](/b.png)');
  });

  it('writes a link to another post as the path it names, for the build to resolve', () => {
    const { markdown, diagnostics } = render(
      'See [the first]({% post_url 2010-07-21-first %}).\nAnd [this]({{< ref "/posts/x.md" >}}), [that]({{< relref path="y.md#part" >}}).\n<a href="{% link _posts/2010-07-22-second.md %}">2</a>\n',
    );
    expect(markdown).toBe('See [the first](2010-07-21-first).\nAnd [this](/posts/x.md), [that](y.md#part).\n<a href="/_posts/2010-07-22-second.md">2</a>\n');
    expect(diagnostics).toEqual([]);
  });

  it('removes any other tag with a warning naming its line and the tag, keeping the inside of a paired shortcode', () => {
    const { markdown, diagnostics } = render('One.\n\n{% include signup.html %}\n{{< notice warning >}}Mind the gap.{{< /notice >}}\n{{% slideshare abc %}} {{ site.custom }}\n');
    expect(markdown).toBe('One.\n\n\nMind the gap.\n \n');
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [12, 'template tag {% include signup.html %} is removed'],
      [13, 'template tag {{< notice warning >}} is removed'],
      [14, 'template tag {{% slideshare abc %}} is removed'],
      [14, 'template tag {{ site.custom }} is removed'],
    ]);
  });
});

describe('readMarkdown: template code in a post', () => {
  it('leaves {{ … }} as text in a Hugo post (Hugo runs no Liquid over content), and removes it in a Jekyll one', () => {
    const hugo = readMarkdown({ path: 'content/posts/vue.md', text: '---\ndate: 2020-01-01\n---\nShow {{ message }} here. {{< slideshare x >}}\n' });
    expect(hugo.posts[0]?.body).toEqual({ kind: 'markdown', markdown: 'Show {{ message }} here. \n' });
    const toml = readMarkdown({ path: 'vue.md', text: '+++\ndate = 2020-01-01\n+++\nShow {{ message }} here.\n' });
    expect(toml.posts[0]?.body).toEqual({ kind: 'markdown', markdown: 'Show {{ message }} here.\n' });
    const jekyll = readMarkdown({ path: '_posts/2020-01-01-vue.md', text: '---\ntitle: Vue\n---\nShow {{ message }} here.\n' });
    expect(jekyll.posts[0]?.body).toEqual({ kind: 'markdown', markdown: 'Show  here.\n' });
    expect(jekyll.diagnostics).toEqual([expect.objectContaining({ line: 4, message: 'template tag {{ message }} is removed' })]);
  });

  it('reports a removed tag at its line in the file, and keeps it out of the body and so out of a derived title', () => {
    const result = readMarkdown({ path: 'p.md', text: '+++\ndate = 2020-01-01\n+++\n{{% slideshare abc %}}\nThe first sentence.\n' });
    expect(result.posts[0]?.body).toEqual({ kind: 'markdown', markdown: '\nThe first sentence.\n' });
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 4, severity: 'warning', message: expect.stringContaining('slideshare') })]);
  });
});
