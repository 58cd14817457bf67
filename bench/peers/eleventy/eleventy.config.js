// The Eleventy site of the build benchmark (bench/build.ts): post pages, a paginated home, a page per tag and
// one full-content Atom feed of every post (@11ty/eleventy-plugin-rss). The input folder is a copy of
// eleventy/site/ with the generated posts in posts/.
import { feedPlugin } from '@11ty/eleventy-plugin-rss';

export default function (eleventyConfig) {
  eleventyConfig.addCollection('posts', (api) => api.getFilteredByGlob('**/posts/*.md'));
  eleventyConfig.addPlugin(feedPlugin, {
    type: 'atom',
    outputPath: '/feed.xml',
    collection: { name: 'posts', limit: 0 },
    metadata: { language: 'en', title: 'Bench blog', subtitle: 'Every post, in full.', base: 'https://blog.example.org/', author: { name: 'A. Writer' } },
  });
}
