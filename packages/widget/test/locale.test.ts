import { describe, expect, it } from 'vitest';
import { pickLocale, toLocale } from '../src/core/locale';
import { ORDER_STATUSES, RETURN_STATUSES } from '@sportello/protocol';
import { en as enUi } from '../src/locales/en';
import { EN_CARDS } from '../src/locales/en-cards';

// English as a shopper meets it: the panel's texts and the cards' (a module of their own).
const en = { ...enUi, ...EN_CARDS };
import it_ from '../src/locales/it';
import de from '../src/locales/de';
import fr from '../src/locales/fr';
import es from '../src/locales/es';

describe('pickLocale', () => {
  it('prefers the locale given to init, then the page lang, then the browser, then the site', () => {
    expect(pickLocale('it', 'de', ['fr'], 'es')).toBe('it');
    expect(pickLocale(undefined, 'de-CH', ['fr'], 'es')).toBe('de');
    expect(pickLocale(undefined, '', ['pt-BR', 'fr-FR', 'it'], 'es')).toBe('fr');
    expect(pickLocale(undefined, null, ['ja'], 'es')).toBe('es');
    expect(pickLocale(undefined, null, [], undefined)).toBe('en');
  });

  it('skips unsupported choices instead of falling back to English at once', () => {
    expect(pickLocale('pt', 'nl', ['es-MX'])).toBe('es');
  });

  it('reads tags in any case and with _ or -', () => {
    expect(toLocale('IT_it')).toBe('it');
    expect(toLocale('en-GB')).toBe('en');
    expect(toLocale('english')).toBeNull();
    expect(toLocale(undefined)).toBeNull();
  });
});

describe('interface texts', () => {
  it.each([
    ['it', it_],
    ['de', de],
    ['fr', fr],
    ['es', es],
  ])('%s has every English key, non-empty, with the same {slots}', (_name, texts) => {
    const slots = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    expect(Object.keys(texts).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(texts[key].length, key).toBeGreaterThan(0);
      expect(slots(texts[key]), key).toEqual(slots(en[key]));
    }
  });

  it.each([
    ['en', en],
    ['it', it_],
    ['de', de],
    ['fr', fr],
    ['es', es],
  ])('%s names every order and return status in words, never by its code', (_name, texts) => {
    const all = texts as unknown as Record<string, string>;
    for (const code of [...ORDER_STATUSES.map((s) => `order_${s}`), ...RETURN_STATUSES.map((s) => `return_${s}`)]) {
      const text = all[code];
      expect(text, code).toBeTruthy();
      expect(text, code).not.toMatch(/_/);
      expect(text, code).not.toBe(code.replace(/^(order|return)_/, ''));
      expect(text, code).toMatch(/^\p{Lu}/u);
    }
  });
});
