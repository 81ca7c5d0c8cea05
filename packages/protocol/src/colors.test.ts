import { describe, expect, it } from 'vitest';
import { brandColor, contrastRatio, luminance, parseHex, textOn } from './colors';

const ratio = (bg: string, fg: string) => contrastRatio(luminance(parseHex(bg)!), luminance(parseHex(fg)!));

describe('textOn', () => {
  it('picks white on dark and black on light merchant colours', () => {
    expect(textOn('#1f6feb')).toBe('#fff'); // the default theme
    expect(textOn('#7a2e3a')).toBe('#fff');
    expect(textOn('#ffd400')).toBe('#000');
    expect(textOn('#fff')).toBe('#000');
    expect(textOn('000000')).toBe('#fff');
  });

  it('always reaches 4.5:1, whatever the colour', () => {
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const bg = '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
          expect(ratio(bg, textOn(bg)), bg).toBeGreaterThanOrEqual(4.5);
        }
  });

  it('falls back to the default theme for colours it cannot read', () => {
    expect(brandColor('rgb(1,2,3)')).toBe('#1f6feb');
    expect(brandColor('red; background:url(x)')).toBe('#1f6feb');
    expect(brandColor('abc')).toBe('#abc');
    expect(brandColor(null)).toBe('#1f6feb');
  });
});
