import { fold } from './normaliser';

/** What a message names that a dialog can use. */
export interface Entities {
  /** Order numbers as the shop knows them: digits (or the shop's letters-and-digits), no `#`/`ORD-`. */
  orderNumbers: string[];
  /** E-mail addresses, lowercased. */
  emails: string[];
  /**
   * Things written like an e-mail that are not one ("mario@gmail", "mario.rossi@"), so the bot can
   * ask again instead of taking them.
   */
  brokenEmails: string[];
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const BROKEN_EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]*|\b[a-z0-9._%+-]+ ?(?:at|chiocciola) ?(?:gmail|hotmail|yahoo|libero|outlook|icloud|live|tiscali|virgilio|alice)\b(?:\.[a-z]{2,})?/gi;

const alternatives = (words: string[]) => words.join('|');

/** Words right before a number that make it something else: a document, a size, a time, a price, a code. */
const OTHER_NUMBER_NOUNS = alternatives([
  'bill', 'invoice', 'invoices', 'fattura', 'fatture', 'ricevuta', 'receipt', 'size', 'taglia', 'numero di scarpa', 'uk', 'us', 'eu', 'fr',
  'nella', 'alla', 'dalla', 'tra', 'entro', 'ore', 'alle', 'h', '\\$', '€', '£', 'euro', 'flight', 'volo', 'room', 'stanza', 'table', 'tavolo',
  'code', 'codice', 'pin', 'cap', 'zip', 'iban', 'phone', 'telefono', 'cellulare', 'tel', 'call me at', 'chiamami al',
]);
const NOT_ORDER_BEFORE = new RegExp(`\\b(${OTHER_NUMBER_NOUNS})\\s*(n\\.?|no\\.?|nr\\.?|number|numero|#)?\\s*$`);

/** Words right after a number that make it an amount, a measure, a duration, a count or a date. */
const UNITS = alternatives([
  'dollars?', 'euros?', 'eur', 'usd', 'pounds?', 'gbp', 'kg', 'g', 'lbs?', 'cm', 'mm', 'm', 'km', 'ml', 'l', 'anni', 'years?', 'days?', 'giorni',
  'weeks?', 'settimane', 'months?', 'mesi', 'hours?', 'ore', 'minut\\w*', 'second\\w*', 'am', 'pm', 'stelle', 'stars?', 'punti', 'points?',
  'items?', 'pezzi', 'pairs?', 'paia', 'volte', 'times', 'st', 'nd', 'rd', 'th', 'x',
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'gen', 'giu', 'lug', 'ago', 'set', 'ott', 'dic',
]);
/** A unit must be a whole word ("10 m", not "1004 mail"). */
const NOT_ORDER_AFTER = new RegExp(`^\\s*([%$€£]|(${UNITS})\\b|[:.,]\\d)`);

/** Words before a number that make it an order number even when it is short. */
const ORDER_WORDS = alternatives(['order', 'orders', 'purchase', 'ordine', 'ordini', 'acquisto', 'ord', 'n', 'no', 'nr', 'num', 'number', 'numero', '#']);
const ORDER_BEFORE = new RegExp(`\\b(${ORDER_WORDS})\\s*[.:#-]?\\s*(n\\.?|no\\.?|nr\\.?|number|numero)?\\s*[.:#]?\\s*(is|e|è)?\\s*$`);
/** An order word right before the number overrides a document or size word further back. */
const ORDER_WORD_RIGHT_BEFORE = /(order|ordine|purchase|acquisto)\s*(n\.?|no\.?|nr\.?|number|numero)?\s*#?\s*$/;

/**
 * Runs of digit groups ("732 201 349 959", "732-201-349-959", "333 123 4567"). A run is one
 * number when written like a long number in groups of three, or with dashes; other runs of three
 * or more groups are phone numbers or codes, never orders.
 */
const DIGIT_RUN = /(?<![\d.,:/])\d{1,6}(?:[ -]\d{2,6})+(?![\d.,:/]\d)/g;

function joinedRun(run: string): string | null {
  const groups = run.split(/[ -]/);
  const digits = groups.join('');
  if (digits.length < 6 || digits.length > 20) return null;
  const lengths = groups.map((g) => g.length);
  // A date (2026-11-24, 24-11-2026) is not an order number.
  if (/^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}-\d{1,2}-\d{2,4}$/.test(run)) return null;
  if (run.includes('-') && !run.includes(' ')) return digits;
  if (lengths[0]! <= 3 && lengths.slice(1).every((n) => n === 3)) return digits;
  return null;
}

/**
 * Order numbers and e-mails in a shopper's message. A number counts as an order number when it is
 * introduced as one (`#1001`, `ORD-1001`, "order 1001", "ordine n. 1001", "nr 1001") or is a bare
 * run of 4+ digits that is not a year, an amount, a size, a time, a date, a phone number or an
 * invoice number. Numbers written in groups ("732 201 349 959") are joined.
 */
export function extractEntities(text: string): Entities {
  const emails = [...new Set((text.match(EMAIL) ?? []).map((e) => e.toLowerCase()))];
  const rest = text.replace(EMAIL, ' ');
  const brokenEmails = [...new Set((rest.match(BROKEN_EMAIL) ?? []).map((e) => e.trim().toLowerCase()))].filter((e) => e.length > 3);
  let folded = fold(rest);
  // Grouped numbers become one token; runs that are not a number become blanks.
  folded = folded.replace(DIGIT_RUN, (run) => {
    const joined = joinedRun(run);
    if (joined) return joined;
    return run.split(/[ -]/).length >= 3 ? ' '.repeat(run.length) : run;
  });
  const orderNumbers: string[] = [];
  const pattern = /(?:\bord-?|#)?\b(\d{1,24})\b/g;
  for (const match of folded.matchAll(pattern)) {
    const whole = match[0];
    const digits = match[1] ?? '';
    const start = match.index ?? 0;
    const before = folded.slice(Math.max(0, start - 24), start);
    const after = folded.slice(start + whole.length, start + whole.length + 14);
    const hashed = whole.startsWith('#') || /ord-?$/.test(whole.slice(0, whole.length - digits.length)) || /#\s*$/.test(before);
    const introduced = hashed || ORDER_BEFORE.test(before);
    if (/[\d,.:/'’-]$/.test(before) || /^[,.:/'’-]\d/.test(after)) continue; // part of a date, time, decimal or phone
    if (/^[a-z]/.test(after)) continue; // "dl123", "8th"
    if (/[a-z]$/.test(before) && !hashed && !/ord-?$/.test(before)) continue; // "abc123"
    if (NOT_ORDER_BEFORE.test(before) && !ORDER_WORD_RIGHT_BEFORE.test(before)) continue;
    if (NOT_ORDER_AFTER.test(after)) continue;
    if (digits.length < 4 && !introduced) continue;
    if (digits.length < 3 && !hashed) continue;
    if (/^(19|20)\d\d$/.test(digits) && !introduced) continue; // a year
    if (digits.length > 20) continue;
    if (!orderNumbers.includes(digits)) orderNumbers.push(digits);
  }
  return { orderNumbers, emails, brokenEmails };
}
