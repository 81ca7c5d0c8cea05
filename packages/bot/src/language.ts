import { ENGLISH_MARKERS, ITALIAN_MARKERS } from './lexicon';
import { fold } from './normaliser';
import type { BotLocale } from './model';

/** Strongly Italian word shapes: "-zione", "-mente", "-ggi", clitics glued to verbs, "gli". */
const ITALIAN_SHAPES = /(zion[ei]|mente|gli|ggi[oa]?|cch[ei]|ett[oaei]|ass[oaei]|ar(mi|ti|lo|la|ci)|er(mi|lo|la)|ir(mi|lo|la)|ato|ata|uto|ito|iamo|ete|ono)$/;
/** Strongly English word shapes. */
const ENGLISH_SHAPES = /(ing|ght|tion|ly|ould|th|wh.*|[^aeiou]y|ck|sh|w)$/;

/**
 * `en` or `it` for a shopper's message. Counts function words and word shapes of each language;
 * when the message is too short or the evidence is even, returns `fallback` (the conversation's
 * or site's locale), since "ok" or "1001" say nothing about the language.
 */
export function detectLanguage(text: string, fallback: BotLocale = 'en'): BotLocale {
  const raw = fold(text);
  const tokens = raw.replace(/\S+@\S+/g, ' ').match(/[a-z]+/g) ?? [];
  let en = 0;
  let it = 0;
  if (/[àèéìòù]/.test(text.toLowerCase())) it += 1.5;
  if (/\b(l|un|dell|all|nell|sull|dall|c|quest|quell|po|d)'\w/.test(raw)) it += 1.5;
  if (/\w'(s|t|m|re|ve|ll|d)\b/.test(raw)) en += 1.5;
  for (const token of tokens) {
    const isEn = ENGLISH_MARKERS.has(token);
    const isIt = ITALIAN_MARKERS.has(token);
    if (isEn && !isIt) en += 1;
    else if (isIt && !isEn) it += 1;
    else if (!isEn && !isIt && token.length >= 4) {
      if (ITALIAN_SHAPES.test(token) || /[aeio]$/.test(token)) it += 0.3;
      if (ENGLISH_SHAPES.test(token) || /[^aeiou]$/.test(token)) en += 0.3;
    }
  }
  // One word says little ("password", "ok"), unless it belongs to one language only.
  const needed = tokens.length <= 1 ? 1 : 0.6;
  if (Math.abs(en - it) < needed) return fallback;
  return it > en ? 'it' : 'en';
}

/** Parses a locale tag ("it-IT", "en", null) into a bot locale, or `fallback`. */
export function toBotLocale(tag: string | null | undefined, fallback: BotLocale = 'en'): BotLocale {
  if (!tag) return fallback;
  const base = tag.toLowerCase().slice(0, 2);
  return base === 'it' ? 'it' : base === 'en' ? 'en' : fallback;
}
