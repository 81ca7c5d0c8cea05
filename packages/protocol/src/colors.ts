/** Parses `#rgb` or `#rrggbb`; null for anything else. */
export function parseHex(color: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  let h = m[1]!;
  if (h.length === 3) h = h.replace(/./g, '$&$&');
  const n = parseInt(h, 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function luminance([r, g, b]: [number, number, number]): number {
  const c = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
}

/** WCAG contrast ratio of two luminances (1 to 21). */
export function contrastRatio(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * The text colour for a merchant's colour: black or white, whichever contrasts more (at least
 * 4.5:1 is always reached by one of them). An unreadable colour falls back to the default theme.
 */
export function textOn(background: string): '#000' | '#fff' {
  const rgb = parseHex(background);
  if (!rgb) return '#fff';
  // Black and white contrast equally at this luminance: sqrt(1.05 * 0.05) - 0.05.
  return luminance(rgb) > 0.1791 ? '#000' : '#fff';
}

/** The merchant colour if it parses, else the default theme's blue. */
export function brandColor(color: string | null | undefined): string {
  return color && parseHex(color) ? (color[0] === '#' ? color : '#' + color) : '#1f6feb';
}
