import { describe, expect, it } from 'vitest';
import { htmlToText, parseSizeGuide } from '../src/index';

describe('htmlToText', () => {
  it('keeps the words and the paragraphs, drops the markup and decodes entities', () => {
    const html = '<p>Made in <b>Bologna</b>.&nbsp;It&rsquo;s &amp; &#8364;69 &#x2013; <a href="#">more</a></p>\n<ul>\n <li>Linen</li>\n <li>Cotton</li>\n</ul><p>Line<br/>two</p><script>alert(1)</script><!-- note --><style>p{}</style>';
    expect(htmlToText(html)).toBe('Made in Bologna. It’s & €69 – more\n\nLinen\nCotton\n\nLine\ntwo');
    expect(htmlToText('')).toBe('');
    expect(htmlToText('&lt;b&gt; stays text &unknown;')).toBe('<b> stays text &unknown;');
  });
});

describe('parseSizeGuide', () => {
  const guide = { unit: 'cm', measurements: ['chest', 'waist'], rows: [{ size: 'M', ranges: { chest: [95, 101], waist: [80, 84] } }], note: 'Slim.' };

  it('reads Sportello’s shape as an object or JSON text', () => {
    expect(parseSizeGuide(guide)).toEqual(guide);
    expect(parseSizeGuide(JSON.stringify({ ...guide, note: '' }))).toEqual({ ...guide, note: null });
  });

  it('is null for anything else', () => {
    for (const bad of [null, '', 'not json', 42, { ...guide, unit: 'mm' }, { ...guide, measurements: [] }, { ...guide, rows: [{ size: 'M', ranges: { chest: [101, 95] } }] }, { ...guide, rows: [{ size: 'M', ranges: { hips: [1, 2] } }] }]) {
      expect(parseSizeGuide(bad)).toBeNull();
    }
  });
});
