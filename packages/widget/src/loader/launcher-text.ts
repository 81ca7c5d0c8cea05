import type { Locale } from '../core/locale';

/**
 * The few texts the loader itself shows, in every locale (the panel's texts load with the panel):
 * the launcher's label and the word after the unread count.
 */
export const LAUNCHER_TEXT: Record<Locale, [label: string, unread: string]> = {
  en: ['Chat with us', 'unread'],
  it: ['Scrivici', 'non letti'],
  de: ['Schreib uns', 'ungelesen'],
  fr: ['Écrivez-nous', 'non lus'],
  es: ['Escríbenos', 'sin leer'],
};
