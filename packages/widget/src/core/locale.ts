/** Locales the widget has interface texts for; English is bundled, the others load on demand. */
export const SUPPORTED_LOCALES = ['en', 'it', 'de', 'fr', 'es'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Turns `it-IT`, `IT`, `it_ch` into a supported locale, or null. */
export function toLocale(tag: string | null | undefined): Locale | null {
  const base = (tag || '').toLowerCase().split(/[-_]/)[0] as Locale;
  return SUPPORTED_LOCALES.indexOf(base) >= 0 ? base : null;
}

/**
 * Picks the interface locale: the one given to `Sportello('init', { locale })` (or `setLocale`),
 * then the page's `<html lang>`, then the browser's languages in order, then the site's default,
 * then English.
 */
export function pickLocale(
  chosen: string | null | undefined,
  pageLang: string | null | undefined,
  browser: readonly string[],
  siteDefault?: string,
): Locale {
  for (const tag of [chosen, pageLang, ...browser, siteDefault]) {
    const l = toLocale(tag);
    if (l) return l;
  }
  return 'en';
}
