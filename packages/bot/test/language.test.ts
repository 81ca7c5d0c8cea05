import { describe, expect, it } from 'vitest';
import { detectLanguage, toBotLocale } from '../src/language';

describe('detectLanguage', () => {
  it.each([
    ['where is my order?', 'en'],
    ['I want to return the coat, it is too big', 'en'],
    ['how long does shipping take to Germany', 'en'],
    ['dov’è il mio ordine?', 'it'],
    ['vorrei restituire il maglione, è arrivato macchiato', 'it'],
    ['quanto costa la spedizione in Francia?', 'it'],
    ['perche non arriva il pacco', 'it'],
    ['operatore!!!', 'it'],
    ['grazie mille', 'it'],
    ['thanks a lot', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text, lang === 'en' ? 'it' : 'en')).toBe(lang);
  });

  it('falls back to the given locale on short or neutral messages', () => {
    expect(detectLanguage('1001', 'it')).toBe('it');
    expect(detectLanguage('ok', 'it')).toBe('it');
    expect(detectLanguage('giulia.rossi@example.com', 'en')).toBe('en');
    expect(detectLanguage('password', 'it')).toBe('it');
  });

  it('parses locale tags', () => {
    expect(toBotLocale('it-IT')).toBe('it');
    expect(toBotLocale('en_GB', 'it')).toBe('en');
    expect(toBotLocale('fr', 'it')).toBe('it');
    expect(toBotLocale(null, 'it')).toBe('it');
  });
});
