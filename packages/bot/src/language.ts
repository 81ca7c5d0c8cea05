import { ENGLISH_MARKERS, ITALIAN_MARKERS } from './lexicon';
import { fold } from './normaliser';
import type { BotLocale } from './model';

/** Strongly Italian word shapes: "-zione", "-mente", "-ggi", clitics glued to verbs, "gli". */
const ITALIAN_SHAPES = /(zion[ei]|mente|gli|ggi[oa]?|cch[ei]|ett[oaei]|ass[oaei]|ar(mi|ti|lo|la|ci|vi|ne)|er(mi|lo|la|ci)|ir(mi|lo|la|ci)|ato|ata|uto|ito|iamo|ete|ono|issimo|issima)$/;
/** Italian second-person plural verbs ("accettate", "spedite", "avete"): how shoppers address a shop. */
const ITALIAN_PLURAL_VERB = /^[a-z]{3,}(ate|ete|ite)$/;
/** Strongly English word shapes. */
const ENGLISH_SHAPES = /(ing|ght|tion|ly|ould|th|wh.*|[^aeiou]y|ck|sh|w)$/;
/** Italian chat shorthand: "nn", "cmq", "xke", "grz". */
const ITALIAN_SHORTHAND = new Set(['nn', 'cmq', 'xke', 'xk', 'xche', 'grz', 'qnd', 'qlc', 'qlcn', 'qlcs', 'ke', 'sn', 'cn', 'tt', 'nnt', 'dv', 'dp', 'anke', 'xo', 'pero', 'perke', 'nr', 'ciaoo']);

export interface LanguageHints {
  /** The language a word belongs to by the site's own articles (null when both or neither use it). */
  knownWords?: (word: string) => BotLocale | null;
  /** Words that say nothing about the language: product names, shop names. */
  neutralWords?: ReadonlySet<string> | undefined;
  /** How clear the evidence must be to leave `fallback` (default 0.6; more while answering a question). */
  margin?: number;
}

/**
 * `en` or `it` for a shopper's message. Weighs function words, chat shorthand, words only one
 * language's articles use, and word shapes of each language, ignoring product names and titles
 * written inside the sentence ("il Linen shirt è disponibile?", "riproduci l'album Everybody
 * Happy"). The first words weigh more: they are the verbs and question words that set the
 * language. When the message is too short or the evidence is even, returns `fallback` (the
 * conversation's language so far, or the site's), since "ok" or "1001" say nothing.
 */
export function detectLanguage(text: string, fallback: BotLocale = 'en', hints: LanguageHints = {}): BotLocale {
  const raw = fold(text);
  // Capitalised words after the first, in a message that is not all capitals, are names or titles.
  const names = new Set<string>();
  if (text !== text.toUpperCase()) {
    for (const m of text.matchAll(/(?<=\S\s+)(\p{Lu}[\p{Ll}'’]+(?:\s+\p{Lu}[\p{Ll}'’]+)+)/gu)) for (const w of fold(m[1]!).match(/[a-z]+/g) ?? []) names.add(w);
  }
  const tokens = (raw.replace(/\S+@\S+|https?:\/\/\S+/g, ' ').match(/[a-z]+/g) ?? []).map((t) => t.replace(/([a-z])\1{2,}/g, '$1'));
  let en = 0;
  let it = 0;
  if (/[àèéìòù]/.test(text.toLowerCase())) it += 1.5;
  if (/\b(l|un|dell|all|nell|sull|dall|c|quest|quell|po|d|com|dov|cos|qual)'\w/.test(raw)) it += 1.5;
  if (/\w'(s|t|m|re|ve|ll|d)\b/.test(raw)) en += 1.5;
  let counted = 0;
  for (const [i, token] of tokens.entries()) {
    if (names.has(token) || hints.neutralWords?.has(token)) continue;
    const weight = counted < 2 ? 1.5 : 1;
    counted++;
    const isEn = ENGLISH_MARKERS.has(token);
    const isIt = ITALIAN_MARKERS.has(token) || ITALIAN_SHORTHAND.has(token);
    if (isEn && !isIt) {
      en += weight;
      continue;
    }
    if (isIt && !isEn) {
      it += weight;
      continue;
    }
    if (isEn || isIt || token.length < 3) continue;
    const known = hints.knownWords?.(token) ?? null;
    if (known === 'it') it += 0.8 * weight;
    else if (known === 'en') en += 0.8 * weight;
    else if (token.length >= 4) {
      if (ITALIAN_PLURAL_VERB.test(token) && i < 3) it += 0.8 * weight;
      else if (ITALIAN_SHAPES.test(token) || /[aeio]$/.test(token)) it += 0.3;
      if (ENGLISH_SHAPES.test(token) || /[^aeiou]$/.test(token)) en += 0.3;
    }
  }
  // One word says little ("password", "ok"), unless it belongs to one language only.
  const needed = Math.max(counted <= 1 ? 0.8 : 0.6, hints.margin ?? 0);
  if (Math.abs(en - it) < needed) return fallback;
  return it > en ? 'it' : 'en';
}

/** Parses a locale tag ("it-IT", "en", null) into a bot locale, or `fallback`. */
export function toBotLocale(tag: string | null | undefined, fallback: BotLocale = 'en'): BotLocale {
  if (!tag) return fallback;
  const base = tag.toLowerCase().slice(0, 2);
  return base === 'it' ? 'it' : base === 'en' ? 'en' : fallback;
}
