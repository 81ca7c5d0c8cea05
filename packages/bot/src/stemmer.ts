import type { BotLocale } from './model';

/**
 * A light suffix stripper, enough to make "shipping"/"shipped"/"ships" and "spedire"/"spedite"/
 * "spedizione" meet. Deliberately cruder than Porter/Snowball: the bot only needs query and
 * article words to collide, and over-stemming is cheap at this vocabulary size.
 */
export function stem(word: string, locale: BotLocale): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  return locale === 'it' ? stemItalian(word) : stemEnglish(word);
}

const EN_SUFFIXES: [string, string][] = [
  ['ations', ''],
  ['ation', ''],
  ['ements', ''],
  ['ement', ''],
  ['ments', ''],
  ['ment', ''],
  ['ingly', ''],
  ['ings', ''],
  ['ing', ''],
  ['edly', ''],
  ['ied', 'y'],
  ['ies', 'y'],
  ['ed', ''],
  ['ly', ''],
  ['es', ''],
  ['s', ''],
];

function stemEnglish(word: string): string {
  let w = word;
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  for (const [suffix, replacement] of EN_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  // "shipp" → "ship", "cancell" → "cancel"; a trailing silent e goes so "use"/"using" meet.
  if (/([bdfgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

const IT_SUFFIXES = [
  'azioni',
  'azione',
  'izioni',
  'izione',
  'amento',
  'amenti',
  'imento',
  'imenti',
  'mente',
  'abile',
  'ibile',
  'atore',
  'atori',
  'atrice',
  'arono',
  'avano',
  'evano',
  'ivano',
  'ando',
  'endo',
  'ato',
  'ata',
  'ati',
  'ate',
  'ito',
  'ita',
  'iti',
  'ite',
  'uto',
  'uta',
  'uti',
  'ute',
  'are',
  'ere',
  'ire',
  'ano',
  'ono',
  'mi',
  'lo',
  'la',
  'li',
  'le',
];

function stemItalian(word: string): string {
  let w = word;
  for (const suffix of IT_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // Gender and number live in the final vowel: "ordine"/"ordini", "spedita"/"spedito".
  if (/[aeiou]$/.test(w) && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('h') && /[cg]h$/.test(w)) w = w.slice(0, -1);
  return w;
}
