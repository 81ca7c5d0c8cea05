import { CONTRACTIONS, REWRITES } from './lexicon';
import type { Speller } from './speller';

/** Lowercase, accents removed ("perché" → "perche"), so missing or wrong accents do not matter. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
}

/**
 * The message as the classifier reads it: folded, contractions expanded, punctuation turned into
 * spaces, chat shorthand rewritten and (with a speller) misspellings corrected. Digits are kept;
 * e-mails should be extracted from the raw text first, since they do not survive.
 */
export function normalise(text: string, speller?: Speller, keep?: ReadonlySet<string>): string {
  let t = fold(text);
  // Each rewrite only when its trigger character is there: articles are long, and this runs on
  // every section when an index is built.
  if (t.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  if (t.includes('@')) t = t.replace(/[^\s@]+@[^\s@]+/g, ' email ');
  // Amounts ("$160", "1499 dollars", "€20") become one marker word next to the number.
  if (/\d/.test(t)) t = t.replace(/[$€£]\s?\d[\d.,]*/g, ' amount ').replace(/\b\d[\d.,]*\s?(dollars?|euros?|eur|usd|pounds?)\b/g, ' amount ');
  t = t.replace(/[^a-z0-9]+/g, ' ').replace(/\blog(ged|ging)? ?(in|into|on)(to)?\b/g, 'login').trim();
  if (!t) return '';
  const out: string[] = [];
  for (const token of t.split(' ')) {
    const rewritten = REWRITES[token];
    if (rewritten !== undefined) {
      out.push(rewritten);
      continue;
    }
    // "hellooo", "grazieee": letters held down collapse before spelling.
    const held = /(\w)\1\1/.test(token) ? collapse(token, speller) : token;
    // Words the site knows (its product names) are never "corrected" ("merino" is not "marino").
    const corrected = speller && !keep?.has(held) ? speller.correct(held) : held;
    // A split may produce shorthand again ("uhelp" → "u help").
    out.push(
      corrected
        .split(' ')
        .map((part) => REWRITES[part] ?? part)
        .join(' '),
    );
  }
  return out.join(' ');
}

function collapse(token: string, speller?: Speller): string {
  const two = token.replace(/(\w)\1{2,}/g, '$1$1');
  const one = token.replace(/(\w)\1{2,}/g, '$1');
  return speller && !speller.has(two) && speller.has(one) ? one : two;
}

/** Words of a normalised text. */
export function words(normalised: string): string[] {
  return normalised ? normalised.split(' ') : [];
}
