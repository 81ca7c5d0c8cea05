import { fold } from './normaliser';

/** What a message names that a dialog can use. */
export interface Entities {
  /** Order numbers as the shop knows them: digits (or the shop's letters-and-digits), no `#`/`ORD-`. */
  orderNumbers: string[];
  /** E-mail addresses, lowercased. */
  emails: string[];
}

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/** Words before a number that make it something other than an order number. */
const NOT_ORDER_BEFORE =
  /\b(bill|invoice|invoices|fattura|fatture|ricevuta|receipt|size|taglia|numero di scarpa|uk|us|eu|it|fr|nella|alla|la|il|dalla|tra|entro|ore|alle|h|\$|€|£|euro|flight|volo|room|stanza|table|tavolo|code|codice|pin|cap|zip)\s*(n\.?|no\.?|nr\.?|number|numero|#)?\s*$/;
/** Words after a number that make it an amount, a measure, a time or a date. */
const NOT_ORDER_AFTER =
  /^\s*(%|\$|€|£|dollars?|euros?|eur|usd|pounds?|gbp|kg|g|lbs?|cm|mm|m|km|ml|l|anni|years?|days?|giorni|weeks?|settimane|months?|mesi|hours?|ore|minut\w*|second\w*|am|pm|stelle|stars?|punti|points?|items?|pezzi|pairs?|paia|volte|times|[:.,]\d|(st|nd|rd|th)\b|(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|january|february|march|april|may|june|july|august|september|october|november|december)\b)/;
/** Words before a number that make it an order number even when it is short. */
const ORDER_BEFORE = /\b(order|orders|purchase|ordine|ordini|acquisto|ord|n|no|nr|number|numero|#)\s*[.:#-]?\s*(n\.?|no\.?|nr\.?|number|numero)?\s*[.:#]?\s*$/;

/**
 * Order numbers and e-mails in a shopper's message. A number counts as an order number when it is
 * introduced as one (`#1001`, `ORD-1001`, "order 1001", "ordine n. 1001") or is a bare run of
 * 4+ digits that is not a year, an amount, a size, a time or an invoice number.
 */
export function extractEntities(text: string): Entities {
  const emails = [...new Set((text.match(EMAIL) ?? []).map((e) => e.toLowerCase()))];
  const withoutEmails = fold(text.replace(EMAIL, ' '));
  const orderNumbers: string[] = [];
  const pattern = /(?:\bord-?|#)?\b(\d{1,24})\b/g;
  for (const match of withoutEmails.matchAll(pattern)) {
    const whole = match[0];
    const digits = match[1] ?? '';
    const start = match.index ?? 0;
    const before = withoutEmails.slice(Math.max(0, start - 24), start);
    const after = withoutEmails.slice(start + whole.length, start + whole.length + 12);
    const hashed = whole.startsWith('#') || /ord-?$/.test(whole.slice(0, whole.length - (match[1] ?? '').length)) || /#\s*$/.test(before);
    const introduced = hashed || ORDER_BEFORE.test(before);
    if (/[\d,.:/'’-]$/.test(before) || /^[,.:/'’-]\d/.test(after)) continue; // part of a date, time, decimal or phone
    if (/^[a-z]/.test(after) && !/^\s/.test(after)) continue; // "dl123", "8th"
    if (/[a-z]$/.test(before) && !/\s$/.test(before) && !hashed && !/ord-?$/.test(before)) continue;
    if (NOT_ORDER_BEFORE.test(before) && !/(order|ordine|purchase|acquisto)\s*(n\.?|no\.?|number|numero)?\s*#?\s*$/.test(before)) continue;
    if (NOT_ORDER_AFTER.test(after)) continue;
    if (digits.length < 4 && !introduced) continue;
    if (digits.length < 3 && !hashed) continue;
    if (/^(19|20)\d\d$/.test(digits) && !introduced) continue; // a year
    if (digits.length > 20) continue;
    if (!orderNumbers.includes(digits)) orderNumbers.push(digits);
  }
  return { orderNumbers, emails };
}
