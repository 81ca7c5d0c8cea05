/**
 * Payment card numbers never enter the database or an LLM prompt: a run of 13–19 digits (spaces
 * or dashes allowed between them) that starts like a card scheme's number and passes the Luhn
 * check is replaced, keeping the last four digits so that shopper and agent can still tell which
 * card was meant. Order numbers are left alone: they rarely pass all three tests at once.
 */
const CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

// Issuer prefixes: Visa, Mastercard, American Express, Discover, JCB, Diners, UnionPay, Maestro.
const SCHEMES = /^(4|5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720)|3[47]|6011|64[4-9]|65|35(2[89]|[3-8])|3(0[0-5]|[689])|62|5[06-9]|6\d)/;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && SCHEMES.test(digits) && passesLuhn(digits);
}

/** The text with card numbers replaced by `[card ending 4242]`. */
export function redactCardNumbers(text: string): string {
  return text.replace(CANDIDATE, (match) => (isCardNumber(match) ? `[card ending ${match.replace(/[ -]/g, '').slice(-4)}]` : match));
}
