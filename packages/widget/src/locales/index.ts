import type { Locale } from '../core/locale';
import { en, type Texts } from './en';

// Each non-English locale is its own chunk, fetched only when a shopper needs it.
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Texts }>> = {
  it: () => import('./it'),
  de: () => import('./de'),
  fr: () => import('./fr'),
  es: () => import('./es'),
};

/** The texts of a locale; English when it fails to load. */
export async function loadTexts(locale: Locale): Promise<Texts> {
  if (locale === 'en') return en;
  try {
    return (await LOADERS[locale]()).default;
  } catch {
    return en;
  }
}
